"""The Flask extensions, made once and bound to each app in `app.create_app`: modules
that need one import it from here, never from the app factory."""
from __future__ import annotations

from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
