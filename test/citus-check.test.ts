// The static Citus check of SQL statements (helpers/citus-check.ts) on statements written to pass and
// to fail, so a green citus-ready test means the check can see what it is meant to.
import { citusViolation, tableRefs } from './helpers/citus-check';

const DISTRIBUTED = new Set(['zone', 'zone_rule', 'district', 'open_window', 'open_interval', 'business_type']);
const ok = (sql: string) => expect(citusViolation(sql, DISTRIBUTED)).toBeNull();
const fails = (sql: string, table: RegExp) => expect(citusViolation(sql, DISTRIBUTED)).toMatch(table);

describe('the static Citus check of a statement', () => {
  it('reads tables, aliases and insert columns', () => {
    expect(tableRefs('SELECT 1 FROM zone z, district d JOIN "zone_rule" AS r ON true WHERE x')).toEqual([
      { table: 'zone', alias: 'z', aliased: true, insertColumns: null },
      { table: 'district', alias: 'd', aliased: true, insertColumns: null },
      { table: 'zone_rule', alias: 'r', aliased: true, insertColumns: null },
    ]);
    expect(tableRefs('DELETE FROM zone WHERE id = $1')[0]).toMatchObject({ table: 'zone', aliased: false });
    expect(tableRefs('INSERT INTO zone (city_id, id) VALUES ($1, $2)')[0].insertColumns).toBe('city_id, id');
  });

  it('passes a statement whose tables are tied to a bound city', () => {
    ok('SELECT * FROM zone WHERE city_id = $1 AND id = $2');
    ok('SELECT * FROM zone z WHERE z.city_id = $P::uuid');
    ok('SELECT * FROM zone z JOIN zone_rule r ON r.city_id = z.city_id AND r.zone_id = z.id WHERE z.city_id = $1');
    ok('DELETE FROM open_interval o WHERE o.city_id = $P AND NOT EXISTS (SELECT 1 FROM zone z WHERE z.city_id = o.city_id)');
    ok('INSERT INTO zone (city_id, name) SELECT $P::uuid, $P');
    ok('SELECT w.valid_to FROM city c LEFT JOIN open_window w ON w.city_id = c.id WHERE c.id = $1::uuid');
    ok('SELECT * FROM spatial_ref_sys WHERE srid = 4326');
  });

  it('fails a distributed table that no bound city reaches', () => {
    fails('SELECT * FROM zone WHERE id = $1', /^zone:/);
    fails('SELECT city_id FROM district WHERE ST_Intersects(geom, $P) LIMIT 1', /district/);
    fails('SELECT * FROM zone z JOIN zone_rule r ON r.zone_id = z.id WHERE z.city_id = $1', /zone_rule r/);
    fails('SELECT c.id FROM city c LEFT JOIN open_window w ON w.city_id = c.id WHERE w.valid_to < $1', /open_window w/);
    fails('SELECT * FROM zone z, district d WHERE z.city_id = $1 AND d.id = z.district_id', /district d/);
    // Mentioning city_id is not enough: it must be compared with a value or a tied table's city_id.
    fails('SELECT z.city_id, count(*) FROM zone z GROUP BY z.city_id', /zone z/);
    fails('SELECT * FROM zone z WHERE z.parent_city_id = $1', /zone z/);
  });

  it('lets through a statement marked as reading all cities', () => {
    ok('SELECT city_id FROM district -- citus: all cities (the public names no city)\nWHERE ST_Intersects(geom, $1)');
  });
});
