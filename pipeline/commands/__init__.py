"""One module per subcommand, each with one Command subclass (as babel.messages.frontend does).

Command modules import only light things at the top: heavy back-ends load inside `run`.
"""
