#!/usr/bin/env python3
"""Flame graphs of bench/profile.sh's JFR recordings (standard library only).

    flamegraph.py fold SAMPLES_TXT FOLDED SVG [--all-threads] [--title TEXT] [--min-percent P]
        SAMPLES_TXT is `jfr print --events jdk.ExecutionSample --stack-depth 256 X.jfr`. Keeps the
        samples of the Netty event loops (reactor-http-epoll-*, reactor-http-nio-*; all threads
        with --all-threads), writes their stacks folded (one line per distinct stack, root first,
        frames as package.Class.method, then the count) and the SVG flame graph of them.
    flamegraph.py svg FOLDED SVG [--title TEXT] [--min-percent P] [--hide REGEX]
        the SVG of an already folded file; --hide leaves out the frames whose name matches
        (for example '^reactor\.core\.' for a graph without the operators' plumbing), their
        callees moving down onto their callers.
    flamegraph.py diff NAME=FOLDED NAME=FOLDED [...]
        a markdown table of bench/profile.py's groups: the share of samples whose stack passes
        through each (inclusive, the groups overlap), one column per folded file.
    flamegraph.py owners NAME=FOLDED NAME=FOLDED [--top N]
        each sample charged to its owner, the class of the frame nearest the leaf that is not
        plumbing (java.*, reactor.core, Spring's util/core/http, Netty's buffers, utilities and
        channel pipeline): the owners whose share grows most from the first file to the last, as
        a markdown table. A filter that calls the rest of the chain owns only what it does itself,
        not the chain; the header maps' work is charged to the filter that copies them.
    flamegraph.py costs NAME=FOLDED[@US] ... BASE=FOLDED[@US]
        the same owners summed by feature (observation, metrics, our filters, Spring Cloud
        Gateway's, the transport...), as a markdown table; with @US, each file's event-loop CPU
        per request in µs (profile-NAME.txt), also in µs per request and each file against the
        last (BASE). The µs spread the event loops' CPU, kernel time included, over the samples
        in proportion: a rough figure, best for differences between features.

In the SVG a frame's width is its share of the samples; the root is at the bottom, a frame's
callees sit on top of it. Frames under --min-percent (0.1) of the samples are left out. Colour
says whose code a frame is (legend at the top); hovering a frame shows its name, samples and share.
"""
import argparse
import collections
import html
import importlib.util
import os
import re
import sys

EVENT_LOOP = re.compile(r'^reactor-http-(epoll|nio)-\d+$')
THREAD = re.compile(r'^\s*sampledThread = "([^"]*)"')
# Hidden classes (lambdas, method handles) carry an address that differs from run to run.
HIDDEN = re.compile(r'\$\$Lambda\$\d+|[/.]0x[0-9a-fA-F]+')


def frame_name(line):
    """'java.lang.String.hashCode() line: 12' -> 'java.lang.String.hashCode'; None if no frame."""
    text = line.strip()
    paren = text.find('(')
    if paren <= 0:
        return None
    name = HIDDEN.sub(lambda m: '$$Lambda' if m.group(0).startswith('$$') else '', text[:paren])
    return name


def read_samples(path, keep_thread):
    """Yields each kept sample's frames, root first, from `jfr print` text."""
    thread = None
    frames = None
    truncated = False
    with open(path, encoding='utf-8', errors='replace') as lines:
        for line in lines:
            if frames is not None:
                stripped = line.strip()
                if stripped == ']':
                    if keep_thread(thread) and frames:
                        frames.reverse()
                        if truncated:
                            frames.insert(0, '[stack deeper than recorded]')
                        yield frames
                    frames = None
                elif stripped == '...':
                    truncated = True
                else:
                    name = frame_name(stripped)
                    if name:
                        frames.append(name)
                continue
            if line.startswith('jdk.ExecutionSample'):
                thread = None
            elif 'sampledThread = ' in line:
                match = THREAD.match(line)
                thread = match.group(1) if match else None
            elif line.strip() == 'stackTrace = [':
                frames = []
                truncated = False


def fold(samples):
    stacks = collections.Counter()
    for frames in samples:
        stacks[';'.join(frames)] += 1
    return stacks


def write_folded(stacks, path):
    with open(path, 'w', encoding='utf-8') as out:
        for stack, count in sorted(stacks.items()):
            out.write(f'{stack} {count}\n')


def read_folded(path):
    stacks = collections.Counter()
    with open(path, encoding='utf-8') as lines:
        for line in lines:
            stack, _, count = line.rstrip('\n').rpartition(' ')
            if stack and count.isdigit():
                stacks[stack] += int(count)
    return stacks


# --- the SVG ---------------------------------------------------------------------------------

# (label, test on the frame name, base colour as hue, saturation %, lightness %)
COLOURS = [
    ('io.aclgateway (ours)', lambda n: n.startswith('io.aclgateway.'), (350, 80, 62)),
    ('org.springframework.cloud.gateway', lambda n: n.startswith('org.springframework.cloud.gateway.'),
     (28, 90, 58)),
    ('reactor / netty', lambda n: n.startswith(('reactor.', 'io.netty.')), (200, 65, 62)),
    ('io.micrometer / io.opentelemetry', lambda n: n.startswith(('io.micrometer.', 'io.opentelemetry.')),
     (275, 55, 68)),
    ('java.* / jdk.* / sun.*', lambda n: n.startswith(('java.', 'jdk.', 'sun.')), (105, 45, 58)),
    ('other (Spring, Jackson, ...)', lambda n: True, (48, 75, 60)),
]
FRAME_HEIGHT = 16
WIDTH = 1200
PAD = 10
CHAR_WIDTH = 6.4  # 11 px sans-serif, roughly: enough to decide how much of a name fits


def colour_group(name):
    for index, (_, test, _) in enumerate(COLOURS):
        if test(name):
            return index
    return len(COLOURS) - 1


def colour(name):
    hue, sat, light = COLOURS[colour_group(name)][2]
    # A stable small variation per name, so that neighbouring frames of one group stay apart.
    jitter = (sum(map(ord, name)) * 2654435761) % 1000 / 1000
    return f'hsl({hue + (jitter - 0.5) * 16:.0f},{sat}%,{light + (jitter - 0.5) * 14:.0f}%)'


class Node:
    __slots__ = ('name', 'count', 'children')

    def __init__(self, name):
        self.name = name
        self.count = 0
        self.children = {}


def tree(stacks):
    root = Node('all')
    for stack, count in stacks.items():
        root.count += count
        node = root
        for name in stack.split(';'):
            child = node.children.get(name)
            if child is None:
                child = node.children[name] = Node(name)
            child.count += count
            node = child
    return root


def self_counts(stacks):
    groups = collections.Counter()
    for stack, count in stacks.items():
        groups[colour_group(stack.rsplit(';', 1)[-1])] += count
    return groups


def fit(text, width):
    chars = int((width - 6) / CHAR_WIDTH)
    if chars < 3:
        return ''
    return text if len(text) <= chars else text[:chars - 2] + '..'


def hide(stacks, pattern):
    kept = collections.Counter()
    for stack, count in stacks.items():
        frames = [name for name in stack.split(';') if not pattern.search(name)]
        kept[';'.join(frames) or 'all frames hidden'] += count
    return kept


def render(stacks, path, title, min_percent):
    root = tree(stacks)
    total = root.count
    if not total:
        sys.exit('flamegraph: no samples')
    scale = (WIDTH - 2 * PAD) / total
    minimum = total * min_percent / 100
    frames = []  # (depth, x, width, node)
    depth_max = 0
    work = [(root, 0, PAD)]
    while work:
        node, depth, x = work.pop()
        frames.append((depth, x, node.count * scale, node))
        depth_max = max(depth_max, depth)
        child_x = x
        for name in sorted(node.children):
            child = node.children[name]
            if child.count >= minimum:
                work.append((child, depth + 1, child_x))
            child_x += child.count * scale
    legend_rows = 2
    top = 58 + legend_rows * 18
    height = top + (depth_max + 1) * FRAME_HEIGHT + PAD + 18
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Verdana, DejaVu Sans, sans-serif" font-size="11">',
        '<style>g.f:hover rect{stroke:#000;stroke-width:0.6}</style>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fbfbf6"/>',
        f'<text x="{WIDTH / 2}" y="22" font-size="16" text-anchor="middle">{html.escape(title)}</text>',
        f'<text x="{WIDTH / 2}" y="40" text-anchor="middle" fill="#555">{total:,} samples; width = share of '
        f'samples, root at the bottom; frames under {min_percent:g} % left out; colour = whose code '
        '(self time per group in brackets)</text>',
    ]
    selfs = self_counts(stacks)
    per_row = (len(COLOURS) + legend_rows - 1) // legend_rows
    for index, (label, _, (hue, sat, light)) in enumerate(COLOURS):
        row, column = divmod(index, per_row)
        x = PAD + column * (WIDTH - 2 * PAD) / per_row
        y = 52 + row * 18
        out.append(f'<rect x="{x:.1f}" y="{y}" width="14" height="12" fill="hsl({hue},{sat}%,{light}%)"/>')
        out.append(f'<text x="{x + 19:.1f}" y="{y + 10}">{html.escape(label)} '
                   f'({100 * selfs[index] / total:.1f} %)</text>')
    base = height - PAD - 18
    for depth, x, width, node in frames:
        y = base - (depth + 1) * FRAME_HEIGHT
        share = 100 * node.count / total
        name = node.name
        label = f'{name} ({node.count:,} samples, {share:.2f} %)'
        fill = '#e0e0d8' if node is root else colour(name)
        text = fit(name, width)
        out.append(f'<g class="f"><title>{html.escape(label)}</title>'
                   f'<rect x="{x:.2f}" y="{y}" width="{max(width - 0.3, 0.1):.2f}" height="{FRAME_HEIGHT - 1}" '
                   f'fill="{fill}" rx="1.5"/>'
                   + (f'<text x="{x + 3:.2f}" y="{y + 11.5}">{html.escape(text)}</text>' if text else '')
                   + '</g>')
    out.append('</svg>')
    with open(path, 'w', encoding='utf-8') as svg:
        svg.write('\n'.join(out) + '\n')


# --- groups before/after -------------------------------------------------------------------------

def profile_groups():
    """bench/profile.py's GROUPS, loaded by path (`import profile` would be the standard library's)."""
    spec = importlib.util.spec_from_file_location(
        'bench_profile', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'profile.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GROUPS


def diff(named):
    groups = profile_groups()
    columns = []
    for name, path in named:
        stacks = read_folded(path)
        total = sum(stacks.values())
        counts = collections.Counter()
        for stack, count in stacks.items():
            for label, pattern in groups:
                if pattern.search(stack):
                    counts[label] += count
        columns.append((name, total, counts))
    print('| share of samples passing through | ' + ' | '.join(name for name, _, _ in columns) + ' |')
    print('| --- |' + ' ---: |' * len(columns))
    for label, _ in groups:
        cells = [f'{100 * counts[label] / total:.1f} %' if total else '-' for _, total, counts in columns]
        print(f'| {label} | ' + ' | '.join(cells) + ' |')
    print('| samples | ' + ' | '.join(f'{total:,}' for _, total, _ in columns) + ' |')


PLUMBING = re.compile(r'^(java\.|jdk\.|sun\.|reactor\.core\.|reactor\.util\.|org\.springframework\.(util|http|core)\.|'
                      r'io\.netty\.(util|buffer|channel)\.|\[)')
# Plumbing by package, but context propagation and the server's observation are costs of their own.
NOT_PLUMBING = re.compile(r'ContextPropagation|ContextRestoring|ContextSnapshot|http\.server\.reactive\.observation')


def owner(stack):
    frames = stack.split(';')
    for name in reversed(frames):
        if NOT_PLUMBING.search(name) or not PLUMBING.match(name):
            cls = name.rpartition('.')[0]
            return re.sub(r'\$\$Lambda.*$|\$Lambda.*$', '', cls)
    return '(plumbing only) ' + frames[-1].rpartition('.')[0]


# Features, by the owner's class; the first that matches.
FEATURES = [
    ('observation and tracing (Micrometer Observation/Tracing, OpenTelemetry, SCG Observed*HttpHeadersFilter, '
     'WebFlux server observation, MDC)',
     r'io\.micrometer\.(observation|tracing|common|context)|io\.opentelemetry|cloud\.gateway\.filter\.headers\.observation|'
     r'boot\.micrometer\.tracing|ContextPropagation|ContextRestoring|ContextSnapshot|ObservationSignalListener|'
     r'reactive\.observation|org\.slf4j\.MDC|LogbackMDCAdapter'),
    ('metrics (Micrometer meters, Prometheus, SCG GatewayMetricsFilter and its tags)',
     r'io\.micrometer\.core|io\.micrometer\.prometheus|io\.prometheus|GatewayMetricsFilter|tagsprovider'),
    ('our header hygiene filters (io.aclgateway.routing.hygiene)', r'io\.aclgateway\.routing\.hygiene'),
    ('our routing filters (classification, rules, decision, URL, guard)', r'io\.aclgateway\.routing'),
    ('our Netty handlers (io.aclgateway.support, IdleStateHandler)', r'io\.aclgateway|io\.netty\.handler\.timeout'),
    ('logging (logback, slf4j, commons-logging)', r'ch\.qos\.logback|org\.slf4j|commons\.logging'),
    ('resilience4j', r'io\.github\.resilience4j'),
    ('SCG header filters (hop-by-hop, forwarded, trusted proxies, gRPC)', r'cloud\.gateway\.filter\.headers'),
    ('SCG NettyRoutingFilter, NettyWriteResponseFilter', r'cloud\.gateway\.filter\.Netty'),
    ('SCG other (handler, filter chain, routes, predicates, utilities)', r'cloud\.gateway'),
    ('Spring WebFlux and web (DispatcherHandler, exchange, UriComponents)', r'org\.springframework\.web'),
    ('Reactor Netty HTTP client and pool', r'reactor\.netty\.(http\.client|resources)'),
    ('Reactor Netty server and channel operations', r'reactor\.netty'),
    ('Netty codec and handlers', r'io\.netty'),
    ('other', r'.'),
]


def costs(named):
    columns = []
    for name, path in named:
        path, _, micros = path.partition('@')
        counts = collections.Counter()
        stacks = read_folded(path)
        for stack, count in stacks.items():
            cls = owner(stack)
            counts[next(label for label, pattern in FEATURES if re.search(pattern, cls))] += count
        columns.append((name, sum(stacks.values()) or 1, float(micros) if micros else None, counts))
    base = columns[-1]
    with_micros = all(micros is not None for _, _, micros, _ in columns)
    header = '| owner of the samples, by feature | ' + ' | '.join(name for name, _, _, _ in columns) + ' |'
    if with_micros:
        header += ''.join(f' {name} − {base[0]} |' for name, _, _, _ in columns[:-1])
    print(header)
    print('| --- |' + ' ---: |' * (len(columns) + (len(columns) - 1 if with_micros else 0)))
    for label, _ in FEATURES:
        cells = []
        for _, total, micros, counts in columns:
            share = counts[label] / total
            cells.append(f'{100 * share:.1f} %' + (f' ≈ {micros * share:.0f} µs' if micros is not None else ''))
        if with_micros:
            for _, total, micros, counts in columns[:-1]:
                cells.append(f'{micros * counts[label] / total - base[2] * base[3][label] / base[1]:+.0f} µs')
        print(f'| {label} | ' + ' | '.join(cells) + ' |')
    if with_micros:
        print('| event loops, CPU per request | ' + ' | '.join(f'{micros:.0f} µs' for _, _, micros, _ in columns)
              + ' | ' + ' | '.join(f'{micros - base[2]:+.0f} µs' for _, _, micros, _ in columns[:-1]) + ' |')
    print('| samples | ' + ' | '.join(f'{total:,}' for _, total, _, _ in columns) + ' |')


def owners(named, top):
    columns = []
    for name, path in named:
        stacks = read_folded(path)
        counts = collections.Counter()
        for stack, count in stacks.items():
            counts[owner(stack)] += count
        columns.append((name, sum(stacks.values()) or 1, counts))
    first, last = columns[0], columns[-1]
    keys = set().union(*(counts for _, _, counts in columns))
    growth = sorted(keys, key=lambda k: -(last[2][k] / last[1] - first[2][k] / first[1]))
    print('| owner (nearest non-plumbing class) | ' + ' | '.join(name for name, _, _ in columns)
          + f' | {last[0]} - {first[0]} |')
    print('| --- |' + ' ---: |' * (len(columns) + 1))
    for key in growth[:top]:
        cells = [f'{100 * counts[key] / total:.1f} %' for _, total, counts in columns]
        delta = 100 * (last[2][key] / last[1] - first[2][key] / first[1])
        print(f'| `{key}` | ' + ' | '.join(cells) + f' | {delta:+.1f} |')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    folding = commands.add_parser('fold')
    folding.add_argument('samples')
    folding.add_argument('folded')
    folding.add_argument('svg')
    folding.add_argument('--all-threads', action='store_true')
    drawing = commands.add_parser('svg')
    drawing.add_argument('folded')
    drawing.add_argument('svg')
    for command in (folding, drawing):
        command.add_argument('--title', default='Where the CPU goes')
        command.add_argument('--min-percent', type=float, default=0.1)
        command.add_argument('--hide', type=re.compile, help='leave out frames matching this (SVG only)')
    comparing = commands.add_parser('diff')
    comparing.add_argument('folded', nargs='+', help='NAME=FOLDED')
    owning = commands.add_parser('owners')
    owning.add_argument('folded', nargs='+', help='NAME=FOLDED')
    owning.add_argument('--top', type=int, default=25)
    costing = commands.add_parser('costs')
    costing.add_argument('folded', nargs='+', help='NAME=FOLDED[@US]')
    args = parser.parse_args()
    if args.command == 'fold':
        keep = (lambda thread: True) if args.all_threads else (lambda t: bool(t and EVENT_LOOP.match(t)))
        stacks = fold(read_samples(args.samples, keep))
        write_folded(stacks, args.folded)
        render(hide(stacks, args.hide) if args.hide else stacks, args.svg, args.title, args.min_percent)
    elif args.command == 'svg':
        stacks = read_folded(args.folded)
        render(hide(stacks, args.hide) if args.hide else stacks, args.svg, args.title, args.min_percent)
    else:
        named = []
        for item in args.folded:
            name, sep, path = item.partition('=')
            named.append((name, path) if sep else (os.path.basename(item), item))
        if args.command == 'diff':
            diff(named)
        elif args.command == 'costs':
            costs(named)
        else:
            owners(named, args.top)


if __name__ == '__main__':
    main()
