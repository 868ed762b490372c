# One-off helper to write catalogue pairs from (key, en, sw) triples.
import json, sys
def write(dir, rows):
    en = {k: e for k, e, s in rows}
    sw = {k: s for k, e, s in rows}
    assert len(en) == len(rows), 'duplicate key'
    for name, cat in (('en', en), ('sw', sw)):
        with open(f'{dir}/{name}.json', 'w') as f:
            json.dump(cat, f, ensure_ascii=False, indent=2)
            f.write('\n')
