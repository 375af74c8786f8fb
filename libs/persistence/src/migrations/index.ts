import { EventStore1764086400000 } from './1764086400000-event-store';
import { CaseReadModels1764172800000 } from './1764172800000-case-read-models';
import { Access1764259200000 } from './1764259200000-access';
import { Notifications1764345600000 } from './1764345600000-notifications';

/** Every migration, in order. Listed, not globbed, so ts-jest and the built code see the same set. */
export const MIGRATIONS = [EventStore1764086400000, CaseReadModels1764172800000, Access1764259200000, Notifications1764345600000];
