"""Run every benchmark and write the tables into benchmarks/README.md (``make bench``).

Creates the peer's virtualenv first when it is missing. Options are passed through to
``clv_vs_lifetimes.py`` (e.g. ``--quick``).
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    if not (HERE / ".venv-lifetimes" / "bin" / "python").exists():
        subprocess.run([str(HERE / "setup_lifetimes_env.sh")], check=True)
    extra = sys.argv[1:]
    subprocess.run([sys.executable, str(HERE / "clv_vs_lifetimes.py"), "--readme", *extra], check=True)
    subprocess.run([sys.executable, str(HERE / "notebook_load.py"), "--readme"], check=True)


if __name__ == "__main__":
    main()
