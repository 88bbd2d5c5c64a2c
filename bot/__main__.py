"""`python -m bot` does what the `dondoc` command does."""

from bot.cli import main

main()
