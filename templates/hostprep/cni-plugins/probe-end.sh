#: The last test above may be false; the probe still succeeds.
true
