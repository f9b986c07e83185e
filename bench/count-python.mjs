// The comparison: what a careful Python user would write — csv module, a set of normalized emails, a country counter.
// Its definition (the same as count-duckdb.mjs): every record is a row; unique = distinct trim + lower-case emails over
// the rows whose email is not empty; nothing is rejected. The BOM is dropped by 'utf-8-sig'; a ragged row is read as it
// is (a field it lacks counts as empty, an extra field is ignored); a blank line is not a record (csv gives it as []).
export const PYTHON = String.raw`
import csv, json, sys, collections, resource
seen = set()
by_country = collections.Counter()
rows = duplicates = 0
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    reader = csv.reader(f)
    header = [h.strip().lower() for h in next(reader)]
    email, country = (header.index(c) for c in ('email', 'country'))
    for row in reader:
        if not row:
            continue
        rows += 1
        address = row[email].strip().lower() if email < len(row) else ''
        if not address:
            continue
        if address in seen:
            duplicates += 1
            continue
        seen.add(address)
        by_country[row[country].strip() if country < len(row) else ''] += 1
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'rows': rows, 'unique': len(seen), 'duplicates': duplicates, 'countries': len(by_country), 'cpuMs': (usage.ru_utime + usage.ru_stime) * 1000}))
`;
