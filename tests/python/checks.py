"""What both client test files share: Accord's wire_interop tool, and the runner: checks registered with @check, run in order, one
line per check and a closing "N passed, N failed" line; the exit status says whether all passed.
"""

import os
import subprocess
import traceback

CHECKS = []


def accord_wire(*args):
    """Run Accord's serializer/deserializer (the wire_interop example) and return its output."""
    tool = os.environ.get("ACCORD_WIRE_INTEROP")
    if not tool:
        raise AssertionError("ACCORD_WIRE_INTEROP is not set (tests/python/run.sh builds it)")
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def check(fn):
    CHECKS.append(fn)
    return fn


def main():
    passed = failed = 0
    for fn in CHECKS:
        try:
            fn()
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {fn.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
