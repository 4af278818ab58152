#!/usr/bin/env -S python3 -u
"""Spark benchmark: workflows/batch_spark.yaml (spark-submit, local[2]) against workflows/batch.yaml
on the same file, Spark's time per step and stage, and what orchestrator adds to a spark-submit.

Usage: bench/spark.py [--rows N] [--runs N] [--spark-runs N] [--binary PATH] [--venv DIR]
Run from the repository root after `swift build -c release` and `scripts/test` (its .venv has pyspark).

Prints:
- batch.yaml (native) and batch_spark.yaml wall times, medians, and their ratio;
- from Spark's event log (spark.eventLog.enabled through SPARK_CONF_DIR, so the workflow is unchanged):
  each step of jobs/batch_spark.py (its job description) with its jobs' wall time, stages and tasks,
  and the five slowest stages;
- the overhead of a spark_submit task: `orchestrator run` of a one-task workflow against the bare
  command, both with a real spark-submit of a trivial application (noisy: a JVM start is ~5 s) and
  with a stand-in spark-submit that exits at once (what orchestrator itself adds, precisely).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import timed  # noqa: E402

NOOP_APP = """from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("noop").getOrCreate()
assert spark.range(10).count() == 10
spark.stop()
"""

ONE_TASK = """name: spark_overhead
tasks:
  - id: job
    type: spark_submit
    application: {app}
    master: local[1]
    conf: {{spark.ui.enabled: "false"}}
{home}"""


def median(samples):
    return statistics.median(samples)


def event_log_summary(folder):
    """(steps, stages) from the one event log in folder: steps as {description: [wall s, stages, tasks]}."""
    logs = [os.path.join(folder, f) for f in os.listdir(folder)]
    if len(logs) != 1:
        return {}, []
    jobs, stages, steps = {}, [], {}
    with open(logs[0], encoding="utf-8") as handle:
        for line in handle:
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerJobStart":
                description = (event.get("Properties") or {}).get("spark.job.description", "(no description)")
                jobs[event["Job ID"]] = (description, event["Submission Time"], len(event.get("Stage IDs", [])))
            elif kind == "SparkListenerJobEnd" and event["Job ID"] in jobs:
                description, started, stage_count = jobs.pop(event["Job ID"])
                entry = steps.setdefault(description, [0.0, 0, 0])
                entry[0] += (event["Completion Time"] - started) / 1000
                entry[1] += stage_count
            elif kind == "SparkListenerStageCompleted":
                info = event["Stage Info"]
                if "Submission Time" in info and "Completion Time" in info:
                    seconds = (info["Completion Time"] - info["Submission Time"]) / 1000
                    stages.append((seconds, info["Stage ID"], info["Stage Name"], info["Number of Tasks"]))
    return steps, sorted(stages, reverse=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=541909)
    parser.add_argument("--runs", type=int, default=3, help="runs of batch.yaml and of each overhead command")
    parser.add_argument("--spark-runs", type=int, default=2, help="runs of batch_spark.yaml")
    parser.add_argument("--binary", default=".build/release/orchestrator")
    parser.add_argument("--venv", default=".venv")
    parser.add_argument("--overhead-only", action="store_true", help="skip the two batch workflows")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    venv_bin = os.path.abspath(os.path.join(args.venv, "bin"))
    spark_submit = os.path.join(venv_bin, "spark-submit")
    if not os.path.exists(spark_submit):
        sys.exit(f"no {spark_submit}: run scripts/test first (it makes .venv with pyspark)")
    repository = os.getcwd()
    work = tempfile.mkdtemp(prefix="bench-spark-")
    source = os.path.join(work, "online_retail.csv")
    events = os.path.join(work, "events")
    conf = os.path.join(work, "conf")
    os.makedirs(conf)
    env = dict(os.environ, NO_COLOR="1", PATH=venv_bin + ":" + os.environ.get("PATH", ""),
               PYSPARK_PYTHON=os.path.join(venv_bin, "python"))
    env.pop("SPARK_HOME", None)
    os.symlink(os.path.join(repository, "jobs"), os.path.join(work, "jobs"))
    print(f"binary {binary}; {os.cpu_count()} cores", flush=True)

    if not args.overhead_only:
        subprocess.run([binary, "datagen", "online-retail", "--rows", str(args.rows), "--seed", "42", "--out", source],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        native = [timed([binary, "run", os.path.join(repository, "workflows/batch.yaml"), "--param", f"source={source}",
                         "--param", f"out={work}/native", "--state", f"{work}/state"], env=env, cwd=work)[0]
                  for _ in range(args.runs)]
        print(f"batch.yaml (native), {args.rows} rows: median {median(native):.2f} s of {args.runs}", flush=True)

        spark_times, steps, stages = [], {}, []
        for _ in range(args.spark_runs):
            shutil.rmtree(events, ignore_errors=True)
            os.makedirs(events)
            with open(os.path.join(conf, "spark-defaults.conf"), "w") as handle:
                handle.write(f"spark.eventLog.enabled true\nspark.eventLog.rolling.enabled false\nspark.eventLog.compress false\nspark.eventLog.dir file://{events}\n")
            seconds = timed([binary, "run", os.path.join(repository, "workflows/batch_spark.yaml"), "--param", f"source={source}",
                             "--param", f"out={work}/spark", "--param", "master=local[2]", "--state", f"{work}/state"],
                            env=dict(env, SPARK_CONF_DIR=conf), cwd=work)[0]
            spark_times.append(seconds)
            steps, stages = event_log_summary(events)
        spark = median(spark_times)
        print(f"batch_spark.yaml (local[2]), {args.rows} rows: median {spark:.2f} s of {args.spark_runs}; "
              f"native is {spark / median(native):.0f}x faster on this machine", flush=True)
        print("Spark steps (last run; wall time of each step's jobs):")
        for description, (seconds, stage_count, _) in sorted(steps.items(), key=lambda item: -item[1][0]):
            print(f"  {seconds:7.2f} s  {stage_count:3d} stages (with skipped)  {description}")
        print("slowest stages:")
        for seconds, stage_id, name, tasks in stages[:5]:
            print(f"  {seconds:7.2f} s  stage {stage_id:3d}  {tasks:3d} tasks  {name}")

    # What a spark_submit task adds: the same command bare and as a one-task workflow.
    with open(os.path.join(work, "noop.py"), "w") as handle:
        handle.write(NOOP_APP)
    fake_home = os.path.join(work, "fake-spark")
    os.makedirs(os.path.join(fake_home, "bin"))
    with open(os.path.join(fake_home, "bin", "spark-submit"), "w") as handle:
        handle.write("#!/bin/sh\nexit 0\n")
    os.chmod(os.path.join(fake_home, "bin", "spark-submit"), 0o755)
    noop = os.path.join(work, "noop.py")
    bare_args = ["--master", "local[1]", "--conf", "spark.ui.enabled=false", noop]

    # Real Spark: one task against one bare spark-submit (dominated by the JVM, so noisy).
    workflow = os.path.join(work, "overhead-real.yaml")
    with open(workflow, "w") as handle:
        handle.write(ONE_TASK.format(app=noop, home=""))
    bare, ours = [], []
    for _ in range(args.runs):  # interleaved, so drift in the machine's load hits both alike
        bare.append(timed([spark_submit] + bare_args, env=env, cwd=work)[0])
        ours.append(timed([binary, "run", workflow, "--state", f"{work}/state-overhead"], env=env, cwd=work)[0])
    print(f"real spark-submit of a trivial app: bare median {median(bare):.2f} s, as a one-task workflow "
          f"{median(ours):.2f} s ({args.runs} runs each; the difference is within Spark's own noise)", flush=True)

    # Stand-in spark-submit: ten chained spark_submit tasks against ten bare calls, so the run's
    # fixed cost (process start, state database) is shown apart from the cost per task.
    stand_in = os.path.join(fake_home, "bin", "spark-submit")
    chain = os.path.join(work, "overhead-chain.yaml")
    with open(chain, "w") as handle:
        handle.write("name: spark_chain\ntasks:\n")
        for index in range(10):
            handle.write(f"  - id: job{index}\n    type: spark_submit\n    application: {noop}\n"
                         f"    master: local[1]\n    conf: {{spark.ui.enabled: \"false\"}}\n    spark_home: {fake_home}\n"
                         + (f"    depends_on: [job{index - 1}]\n" if index else ""))
    single = os.path.join(work, "overhead-fake.yaml")
    with open(single, "w") as handle:
        handle.write(ONE_TASK.format(app=noop, home=f"    spark_home: {fake_home}\n"))
    runs = max(10, args.runs)
    bare10, one, ten = [], [], []
    for _ in range(runs):
        bare10.append(timed(["sh", "-c", " ; ".join([" ".join([stand_in] + bare_args)] * 10)], env=env, cwd=work)[0])
        one.append(timed([binary, "run", single, "--state", f"{work}/state-overhead"], env=env, cwd=work)[0])
        ten.append(timed([binary, "run", chain, "--state", f"{work}/state-overhead"], env=env, cwd=work)[0])
    per_task = (median(ten) - median(one)) / 9 * 1000
    print(f"stand-in spark-submit (exits at once), {runs} runs each: ten bare calls {median(bare10) * 1000:.0f} ms; "
          f"a one-task run {median(one) * 1000:.0f} ms (the whole command: start, state database, run record); "
          f"ten chained tasks {median(ten) * 1000:.0f} ms; each further spark_submit task adds {per_task:.1f} ms "
          f"(against {median(bare10) * 100:.1f} ms for the bare call)", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
