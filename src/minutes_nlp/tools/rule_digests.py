"""Write ``resources/rule_digests.json``: the digests of the packaged rule files, each checked in
full (every regex compiled) first, so that loading them later skips the regex compiles of the check.

    python -m minutes_nlp.tools.rule_digests          # rewrite the list after editing a rule file
    python -m minutes_nlp.tools.rule_digests --check  # exit 1 when the list is not current

A rule file whose contents are not in the list is still checked in full when it is loaded: a stale
list costs start-up time, never a check. ``tests/test_rules_contract.py`` fails when it is stale.
"""
from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

from ..rule_models import RULE_FILES
from ..rules_contract import DIGESTS, RESOURCES, digest, validate


def current_digests() -> list[str]:
    """Digests of every packaged rule file, each validated with all its regexes compiled."""
    out = []
    for name, model in sorted(RULE_FILES.items()):
        data = json.loads(resources.files(RESOURCES).joinpath(name).read_text(encoding="utf-8"))
        validate(data, model, f"minutes_nlp/resources/{name}", recheck=True)
        out.append(digest(data))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the list is current")
    args = ap.parse_args(argv)
    target = Path(str(resources.files(RESOURCES).joinpath(DIGESTS)))
    wanted = {"_comment": "sha256 of packaged rule files whose regexes all compile; written by "
                          "python -m minutes_nlp.tools.rule_digests", "digests": current_digests()}
    if args.check:
        try:
            ok = json.loads(target.read_text(encoding="utf-8")) == wanted
        except (OSError, ValueError):
            ok = False
        print("rule digests current" if ok else f"{target} is stale: run python -m minutes_nlp.tools.rule_digests")
        return 0 if ok else 1
    target.write_text(json.dumps(wanted, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(wanted['digests'])} digests to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
