import { EventStore1764086400000 } from './1764086400000-event-store';
import { CaseReadModels1764172800000 } from './1764172800000-case-read-models';
import { Access1764259200000 } from './1764259200000-access';
import { Notifications1764345600000 } from './1764345600000-notifications';
import { Registry1764432000000 } from './1764432000000-registry';
import { Eligibility1764518400000 } from './1764518400000-eligibility';
import { ReadSideIndexes1764604800000 } from './1764604800000-read-side-indexes';
import { InboxAwaits1764691200000 } from './1764691200000-inbox-awaits';
import { LoginFailureAddress1764777600000 } from './1764777600000-login-failure-address';
import { StateEligibilityOverrides1764867600000 } from './1764867600000-state-eligibility-overrides';

/** Every migration, in order. Listed, not globbed, so ts-jest and the built code see the same set. */
export const MIGRATIONS = [EventStore1764086400000, CaseReadModels1764172800000, Access1764259200000, Notifications1764345600000, Registry1764432000000, Eligibility1764518400000, ReadSideIndexes1764604800000, InboxAwaits1764691200000, LoginFailureAddress1764777600000, StateEligibilityOverrides1764867600000];
