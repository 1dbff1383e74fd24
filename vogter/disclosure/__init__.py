"""Disclosure control: the one home of the rule that no figure shown about people lets
anyone work out what fewer than the minimum group size said (docs/disclosure.md).

- `rules`: the minimum group size, cell suppression with its complement, safe labels;
- `scores`: a 1-5 score's mean, answers and distribution;
- `memory`: what was shown before, so that two views side by side give nothing away;
- `surfaces`: the record that a request's figures went through here.
"""
