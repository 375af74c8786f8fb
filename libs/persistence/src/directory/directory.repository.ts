import type { Official, Unit } from '@app/domain';
import type { DataSource } from 'typeorm';

export interface RegisteredOfficial extends Official {
  unitId: string;
}

/** The units and officials cases are made of (the registry issue adds fields, quotas and imports). */
export class DirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async units(): Promise<Unit[]> {
    return this.dataSource.query<Unit[]>(`SELECT id, name, kind FROM secondment.org_unit ORDER BY kind DESC, name`);
  }

  async unit(id: string): Promise<Unit | null> {
    const [row] = await this.dataSource.query<Unit[]>(`SELECT id, name, kind FROM secondment.org_unit WHERE id = $1`, [id]);
    return row ?? null;
  }

  async officials(unitId?: string): Promise<RegisteredOfficial[]> {
    return this.dataSource.query<RegisteredOfficial[]>(
      `SELECT id, full_name AS name, title, unit_id AS "unitId" FROM secondment.official WHERE ($1::text IS NULL OR unit_id = $1) ORDER BY full_name, id`,
      [unitId ?? null],
    );
  }

  async official(id: string): Promise<RegisteredOfficial | null> {
    const [row] = await this.dataSource.query<RegisteredOfficial[]>(
      `SELECT id, full_name AS name, title, unit_id AS "unitId" FROM secondment.official WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async officialsByIds(ids: string[]): Promise<Map<string, RegisteredOfficial>> {
    const rows = await this.dataSource.query<RegisteredOfficial[]>(
      `SELECT id, full_name AS name, title, unit_id AS "unitId" FROM secondment.official WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
