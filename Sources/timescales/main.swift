print("timescales")
