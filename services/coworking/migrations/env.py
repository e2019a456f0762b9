from kit.migrate import run_env
from services.coworking.models import Base

run_env(Base.metadata)
