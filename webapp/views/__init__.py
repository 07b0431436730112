"""Blueprints of the platform (auth, home, admin, audit); feature areas add theirs here too."""
