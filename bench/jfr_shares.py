"""Where a JVM's CPU goes on the events path, by library, with the AWS SDK split into its parts.

    python3 bench/jfr_shares.py RECORDING.jfr

Reads the jdk.ExecutionSample events of a JFR recording (taken with -XX:StartFlightRecording=
...,settings=profile, or jcmd PID JFR.start settings=profile) and gives each sample to the
innermost frame that is not the JDK's (JDK frames count for their caller), grouped: the SDK's
MD5 check, SigV4 signing, JSON marshalling, Netty client and the rest of its request pipeline;
Netty, Reactor, our code, Jackson, the JSON schema validator, other libraries. Used for issue 15's
events profile (bench/events-ceiling.sh); needs the JDK's `jfr` tool.
"""
import re, subprocess, sys, collections
f = sys.argv[1]
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", f], capture_output=True, text=True).stdout
samples, cur = [], None
for line in out.splitlines():
    if line.startswith("jdk.ExecutionSample"):
        cur = []; samples.append(cur)
    elif cur is not None:
        m = re.match(r'\s+([\w$.<>/]+)\(.*line:', line)
        if m: cur.append(m.group(1))
groups = [
 ("sdk: md5 check", r"^software\.amazon\.awssdk\.services\.sqs\.internal\.MessageMD5"),
 ("sdk: sigv4 signing", r"^software\.amazon\.awssdk\.http\.auth|^software\.amazon\.awssdk\.checksums|Signer"),
 ("sdk: json marshalling", r"^software\.amazon\.awssdk\.(protocols|thirdparty)|^software\.amazon\.awssdk\.services\.sqs\.model|^software\.amazon\.awssdk\.core\.SdkField|^software\.amazon\.awssdk\.core\.protocol"),
 ("sdk: netty client", r"^software\.amazon\.awssdk\.http\.nio\.netty"),
 ("sdk: request pipeline, config, retries, futures", r"^software\.amazon\.awssdk"),
 ("netty io", r"^io\.netty"),
 ("reactor", r"^reactor\."),
 ("acl-gateway code", r"^io\.aclgateway"),
 ("json schema (networknt)", r"^com\.networknt"),
 ("jackson (ours)", r"^tools\.jackson|^com\.fasterxml"),
 ("spring/micrometer/other libs", r"^(org\.|io\.micrometer|io\.github|com\.|kotlin)"),
]
c = collections.Counter(); n = 0
for fr in samples:
    if not fr: continue
    n += 1
    owner = next((x for x in fr if not re.match(r"^(java|javax|jdk|sun)\.", x)), None)
    if owner is None:
        c["jdk only (" + fr[0].rsplit(".", 2)[0] + ")"] += 1; continue
    for name, p in groups:
        if re.search(p, owner): c[name] += 1; break
    else: c["other: " + owner.rsplit(".", 1)[0]] += 1
print(f"{n} samples, by innermost non-JDK frame")
sdk = sum(v for k, v in c.items() if k.startswith("sdk"))
for k, v in c.most_common(18): print(f"{100*v/n:5.1f}%  {k}")
print(f"{100*sdk/n:5.1f}%  = all SDK")
