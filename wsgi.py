from objection import create_app

app = create_app()
