// Networks module
