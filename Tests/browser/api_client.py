"""The JSON API as the browser tests call it beside the pages: plain urllib, a bearer token, the answer decoded."""
import json
import urllib.error
import urllib.request

from conftest import BASE_URL, PASSWORD


def api(method, path, token=None, body=None):
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(BASE_URL + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"null")
        except ValueError:
            return error.code, text.decode("utf-8", "replace")


def bearer(username, password=PASSWORD):
    status, answer = api("POST", "/api/v1/auth/login", body={"username": username, "password": password})
    assert status == 200 and answer.get("token"), (status, answer)
    return answer["token"]
