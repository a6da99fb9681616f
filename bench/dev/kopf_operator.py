# kopf: a create handler on the Demo CRD that logs a line, like the generated project's. Events off.
import kopf


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_):
    settings.posting.enabled = False


@kopf.on.create('devoops.io', 'v1', 'demo')
def create_fn(name, logger, **_):
    logger.info(f"Demo {name} created")
