"""Train and export charlm-en (a character-level miniature GPT-J); see charlm_lang.py and charlm_common.py.

Run: nice -n 10 /usr/bin/python3 training/charlm_en.py   (about 4 minutes, 1 thread)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import charlm_lang  # noqa: E402

if __name__ == "__main__":
    charlm_lang.main("en")
