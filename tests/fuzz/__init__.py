"""Issue 13's fuzzing harness: hostile inputs mixed with valid articles, run through `vigie run`.

``corpus`` writes the inputs and says what each one is; ``harness`` runs the CLI on them in a
subprocess and checks the properties the issue lists; ``test_fuzz_quick`` is the quick version
in ``make test``; ``bench/fuzz.py`` is the long one (``make fuzz``).
"""
