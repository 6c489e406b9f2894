#!/usr/bin/python3
"""Small API driver for the benchmark scripts (stdlib only).

  api.py token URL PASSWORD                       print an admin project token
  api.py create URL TOKEN PATH KEY N BODY_JSON    POST N bodies ({"KEY": BODY} with {i} replaced by the index),
                                                  print "created N, median X ms, p99 Y ms" and the ids to stderr-file
  api.py delete URL TOKEN PATH IDS_FILE           DELETE PATH/{id} for each id, print the median ms
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse


def connection(url):
    u = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60), u.path.rstrip('/')


def token(url, password):
    conn, base = connection(url)
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    conn.request('POST', base + '/identity/v3/auth/tokens', json.dumps(body), {'Content-Type': 'application/json'})
    r = conn.getresponse()
    r.read()
    if r.status != 201:
        sys.exit('token: HTTP %d' % r.status)
    print(r.getheader('X-Subject-Token'))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def create(url, tok, path, key, n, template, ids_file):
    conn, base = connection(url)
    times, ids = [], []
    for i in range(int(n)):
        body = json.loads(template.replace('{i}', str(i)))
        data = json.dumps({key: body} if key != '-' else body)
        t0 = time.perf_counter()
        conn.request('POST', base + path, data, {'Content-Type': 'application/json', 'X-Auth-Token': tok})
        r = conn.getresponse()
        payload = r.read()
        times.append((time.perf_counter() - t0) * 1000)
        if r.status not in (200, 201):
            sys.exit('create %s: HTTP %d %s' % (path, r.status, payload[:300]))
        obj = json.loads(payload)
        ids.append((obj.get(key) if key != '-' else obj)['id'])
    with open(ids_file, 'w') as f:
        f.write('\n'.join(ids) + '\n')
    print('created %d, median %.2f ms, p99 %.2f ms' % (len(times), statistics.median(times), percentile(times, 99)))


def delete(url, tok, path, ids_file):
    conn, base = connection(url)
    times = []
    for i in open(ids_file).read().split():
        t0 = time.perf_counter()
        conn.request('DELETE', base + path + '/' + i, headers={'X-Auth-Token': tok})
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - t0) * 1000)
        if r.status not in (200, 204):
            sys.exit('delete %s/%s: HTTP %d' % (path, i, r.status))
    print('deleted %d, median %.2f ms, p99 %.2f ms' % (len(times), statistics.median(times), percentile(times, 99)))


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'token':
        token(*args)
    elif cmd == 'create':
        create(*args)
    elif cmd == 'delete':
        delete(*args)
    else:
        sys.exit(__doc__)
