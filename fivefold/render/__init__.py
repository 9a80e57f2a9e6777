"""Turning view data into terminal text: plain or coloured, with CJK cells counted as two columns."""
