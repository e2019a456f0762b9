from kit.migrate import run_env
from services.orders.models import Base

run_env(Base.metadata)
