#!/usr/bin/env -S python3 -u
"""S3 benchmark: the `s3_sync` task type against `aws s3 sync` (awscli), same files, same moto_server.

Usage: bench/s3.py [--rows N] [--runs N] [--binary PATH] [--venv DIR]
Run from the repository root after `swift build -c release` and `scripts/test` (its .venv has
moto[server]); awscli is installed into that venv when missing.

The files are the batch output of workflows/batch.yaml (emr/, aggregates/, powerbi/). Each timed
upload goes to a new prefix of one bucket on a moto_server on 127.0.0.1, so every run uploads
everything; then a second sync of an unchanged folder to the last prefix shows the no-op cost.
Prints medians and the ratio.
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import timed  # noqa: E402

KEY_ID, SECRET = "AKIABENCHMARK0000001", "benchmarkSecretKeyForMotoOnly/abcdefghij"

SYNC = """name: s3_bench
tasks:
  - id: sync
    type: s3_sync
    source: {source}
    destination: {destination}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def folder_facts(folder):
    files = [os.path.join(root, name) for root, _, names in os.walk(folder) for name in names]
    return len(files), sum(os.path.getsize(path) for path in files)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=541909)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--venv", default=".venv")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    venv_bin = os.path.abspath(os.path.join(args.venv, "bin"))
    if not os.path.exists(os.path.join(venv_bin, "moto_server")):
        sys.exit(f"no moto_server in {venv_bin}: run scripts/test first")
    if not os.path.exists(os.path.join(venv_bin, "aws")):
        subprocess.run([os.path.join(venv_bin, "pip"), "install", "--quiet", "awscli"], check=True)
    work = tempfile.mkdtemp(prefix="bench-s3-")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = dict(os.environ, NO_COLOR="1", AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET,
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=endpoint)
    moto = subprocess.Popen([os.path.join(venv_bin, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    sys.exit("moto_server did not start in 60 s")
                time.sleep(0.1)
        aws = [os.path.join(venv_bin, "aws"), "--endpoint-url", endpoint]
        subprocess.run(aws + ["s3", "mb", "s3://bench"], check=True, env=env, stdout=subprocess.DEVNULL)

        out = os.path.join(work, "out")
        subprocess.run([binary, "run", os.path.abspath("workflows/batch.yaml"), "--param", f"source={work}/raw.csv",
                        "--param", f"out={out}", "--param", f"rows={args.rows}", "--state", f"{work}/state"],
                       check=True, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(os.path.join(out, ".work"), ignore_errors=True)
        count, size = folder_facts(out)
        print(f"binary {binary}; {count} files, {size / 1e6:.1f} MB (batch output of {args.rows} rows); moto_server on {endpoint}")

        ours, theirs = [], []
        for run in range(args.runs):  # interleaved, so drift in the machine's load hits both alike
            workflow = os.path.join(work, f"sync-{run}.yaml")
            with open(workflow, "w") as handle:
                handle.write(SYNC.format(source=out, destination=f"s3://bench/ours-{run}"))
            ours.append(timed([binary, "run", workflow, "--state", f"{work}/state"], env=env, cwd=work)[0])
            theirs.append(timed(aws + ["s3", "sync", "--only-show-errors", out, f"s3://bench/aws-{run}"], env=env)[0])
        print(f"first upload: s3_sync median {statistics.median(ours):.2f} s, aws s3 sync median "
              f"{statistics.median(theirs):.2f} s; s3_sync takes {statistics.median(ours) / statistics.median(theirs):.2f}x "
              f"the time of aws s3 sync ({args.runs} runs each)")

        again, again_aws = [], []
        for _ in range(args.runs):
            again.append(timed([binary, "run", workflow, "--state", f"{work}/state"], env=env, cwd=work)[0])
            again_aws.append(timed(aws + ["s3", "sync", "--only-show-errors", out, f"s3://bench/aws-{args.runs - 1}"], env=env)[0])
        print(f"second sync, nothing changed: s3_sync median {statistics.median(again):.3f} s (the whole command), "
              f"aws s3 sync median {statistics.median(again_aws):.3f} s")
    finally:
        moto.terminate()
        moto.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
