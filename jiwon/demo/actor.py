from jiwon.core.actor import SystemActor

# Every write of the demo loader is the agency acting by itself, recorded as "demo".
DEMO = SystemActor("demo")
