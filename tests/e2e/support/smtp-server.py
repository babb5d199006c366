# A mail server for the end-to-end tests: aiosmtpd on 127.0.0.1, on a free port it prints as
# "READY <port>", keeping every message it receives as <n>.json in the folder given (recipients,
# subject, and each attachment's name, type and bytes in base64). It stops when its standard
# input closes.
import base64, json, pathlib, socket, sys
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller

out = pathlib.Path(sys.argv[1])


class Keep:
    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        record = {
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "attachments": [
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "data": base64.b64encode(part.get_payload(decode=True)).decode(),
                }
                for part in message.iter_attachments()
            ],
        }
        n = len(list(out.glob("*.json")))
        part = out / f"{n}.part"
        part.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        part.rename(out / f"{n}.json")
        return "250 2.0.0 Ok: kept"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Keep(), hostname="127.0.0.1", port=port)
controller.start()
print(f"READY {port}", flush=True)
sys.stdin.read()
controller.stop()
