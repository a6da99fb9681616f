# kopf: each Demo owns one ConfigMap, created by its create handler (kopf.adopt, then the Kubernetes
# client's create, as kopf's documentation shows); an event handler on ConfigMaps creates a child
# again when it is deleted (kopf has no handler for an owned object). Events off, as in bench/converge.
import kopf
import kubernetes

core = None


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_):
    global core
    settings.posting.enabled = False
    kubernetes.config.load_kube_config()
    core = kubernetes.client.CoreV1Api()


def create_child(namespace, body):
    try:
        core.create_namespaced_config_map(namespace, body)
    except kubernetes.client.ApiException as error:
        if error.status != 409:  # already there: nothing to do
            raise


@kopf.on.create('devoops.io', 'v1', 'demo')
def create_fn(name, namespace, **_):
    child = {'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': name}, 'data': {'greeting': 'hello'}}
    kopf.adopt(child)
    create_child(namespace, child)


def owned_by_demo(body, **_):
    return any(ref.get('kind') == 'Demo' for ref in body.get('metadata', {}).get('ownerReferences', []))


@kopf.on.event('', 'v1', 'configmaps', when=owned_by_demo)
def child_event(type, body, namespace, **_):
    if type != 'DELETED':
        return
    metadata = body['metadata']
    child = {
        'apiVersion': 'v1',
        'kind': 'ConfigMap',
        'metadata': {'name': metadata['name'], 'ownerReferences': metadata['ownerReferences']},
        'data': {'greeting': 'hello'},
    }
    create_child(namespace, child)
