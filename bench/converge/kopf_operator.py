# kopf: the same handler on the same CRD. Events off (as in measured.md), standalone.
import kopf


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_):
    settings.posting.enabled = False


@kopf.on.create('devoops.io', 'v1', 'demo')
def create_fn(spec, patch, **_):
    patch.status['phase'] = 'Ready'
    patch.status['message'] = f"hello {spec.get('name')}"
