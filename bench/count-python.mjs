// The comparison: what a careful Python user would write — csv module, a set of normalized keys, a country counter.
export const PYTHON = String.raw`
import csv, json, sys, collections, resource
seen = set()
by_country = collections.Counter()
rows = duplicates = 0
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    reader = csv.reader(f)
    header = [h.strip().lower() for h in next(reader)]
    name, email, country, postcode = (header.index(c) for c in ('name', 'email', 'country', 'postcode'))
    for row in reader:
        rows += 1
        address = row[email].strip().lower()
        key = address or (' '.join(row[name].split()).lower(), row[country].strip(), row[postcode].strip())
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        by_country[row[country].strip()] += 1
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'rows': rows, 'unique': len(seen), 'duplicates': duplicates, 'cpuMs': (usage.ru_utime + usage.ru_stime) * 1000}))
`;
