"""Repair a document and print the account of every change."""

from pathlib import Path

from textrepair import Repairer, apply_edits

text = Path(__file__).with_name("web-page-fr.txt").read_text(encoding="utf-8")
repairer = Repairer(lang="fr")
result = repairer.repair(text)
for edit in result.edits:
    print(
        f"{edit.stage:11} {edit.reason:18} {edit.confidence:.2f} {edit.before!r} -> {edit.after!r}"
    )
# The edits rebuild the output from the input exactly.
assert apply_edits(text, result.edits) == result.text
