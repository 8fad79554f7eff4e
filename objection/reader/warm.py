"""Imported by the reader's warm process (sandbox's forkserver) only: loads the data
every reading uses, once, before the readings are forked from it."""
from ..providers import directory
from ..towns import warm

warm()
directory()
