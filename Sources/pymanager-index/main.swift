print("pymanager-index")
