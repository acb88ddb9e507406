print("py: under construction")
