import TimescalesCLI

Timescales.main()
