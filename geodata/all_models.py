"""Imports every model module so `Base.metadata` is complete (for Alembic and the drift test)."""

import geodata.models_activities
import geodata.models_events
import geodata.models_places
import geodata.models_sources  # noqa: F401
from geodata import models, models_assets, models_network, models_ranking  # noqa: F401
from geodata.models import Base

metadata = Base.metadata
