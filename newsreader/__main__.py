from newsreader.cli import main

# Guarded: the analysis may start a "spawn" worker process, which imports this module again.
if __name__ == "__main__":
    raise SystemExit(main())
