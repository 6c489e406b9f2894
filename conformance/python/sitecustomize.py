"""Loaded by the Python processes of a Tempest run (conformance.sh puts this directory on PYTHONPATH).

Debian's tempest package sleeps ten seconds before every subnet delete (`SubnetsClient.delete_subnet`), a
distribution patch that gives real Neutron's agents time to release the subnet's ports. Xloud releases them
within the port delete, so the harness drops that sleep and only that: the request and every test's assertions
are unchanged. Nothing else of Tempest is touched.
"""
import importlib.abc
import importlib.machinery
import sys

_TARGET = 'tempest.lib.services.network.subnets_client'


def _delete_subnet(self, subnet_id):
    return self.delete_resource('/subnets/%s' % subnet_id)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != _TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            module.SubnetsClient.delete_subnet = _delete_subnet

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _PatchOnImport())

# what Debian's own sitecustomize does, which this one shadows
try:
    import apport_python_hook
except ImportError:
    pass
else:
    apport_python_hook.install()
