print("qama-cim")
