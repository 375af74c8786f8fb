import { DataSource } from 'typeorm';

/** A job position (vị trí việc làm) of a unit. */
export interface JobPosition {
  id: string;
  unitId: string;
  name: string;
  fieldId: string | null;
}

/** The units' job positions: read by everyone who plans, added by Home Affairs. */
export class PositionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A unit's positions, in the order of their ids (their names without diacritics). */
  list(unitId: string): Promise<JobPosition[]> {
    return this.dataSource.query<JobPosition[]>(
      `SELECT id, unit_id AS "unitId", name, field_id AS "fieldId" FROM secondment.job_position WHERE unit_id = $1 ORDER BY id`,
      [unitId],
    );
  }

  /** Adds the position; null when the unit already has one with that id. */
  async add(position: JobPosition): Promise<JobPosition | null> {
    const [created] = await this.dataSource.query<JobPosition[]>(
      `INSERT INTO secondment.job_position (id, unit_id, field_id, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, unit_id AS "unitId", name, field_id AS "fieldId"`,
      [position.id, position.unitId, position.fieldId, position.name],
    );
    return created ?? null;
  }
}
