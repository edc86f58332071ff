print("qama")
