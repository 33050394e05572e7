package io.aclgateway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.HdrHistogram.Histogram;

/**
 * The open-loop load of bench/run.sh (issue 15): requests at a fixed offered rate, whatever the
 * path answers, with each request's latency taken from the moment it was <em>meant</em> to be sent
 * ({@code start + i / rate}), so that a stall of the path under test shows as the latency every
 * waiting request felt, not as fewer samples (coordinated omission corrected, as wrk2 does).
 *
 * <p>One event-loop thread does everything: it releases requests on their schedule, keeps up to
 * {@code connections} keep-alive HTTP/1.1 connections (opened as the schedule needs them, one
 * request in flight on each), and requests that find no free connection wait in order; their
 * wait counts. The request is the one wrk sends ({@code GET path}, {@code Host}, the given
 * {@code User-Agent}), pre-encoded once. Latencies go to an HdrHistogram (microseconds, 3 digits).
 * Each run is {@code warm} seconds at its rate (not recorded) followed at once by {@code seconds}
 * recorded; requests due in the recorded window and still unanswered {@code timeout} seconds after
 * it are timeouts.
 *
 * <p>Runs are given in order as {@code run=NAME:PORT:RATE[:LABEL[:PID+PID...]]} (LABEL: copied into
 * the output; PIDs: the processes of the path, whose CPU time over the run, warm phase included,
 * is reported per answer, from /proc). With {@code stop-saturated=true}
 * the later runs of a NAME are skipped once one of its runs saturated (achieved under 95 % of the
 * offered rate, or p99 over {@code saturated-p99-ms}): the sweep of latency against offered rate.
 * Before the first run, {@code prewarm} seconds at its rate warm the generator itself (not
 * reported). Prints one line {@code OPENLOOP {json}} per run.
 *
 * <pre>OpenLoad path=/v1/rooms user-agent=... connections=256 warm=3 seconds=10 timeout=5
 *          prewarm=5
 *          run=nginx:18082:2500:25/1:123+124+125 run=gateway-bare:18097:2500:25/1:456</pre>
 */
public final class OpenLoad {

	/** USER_HZ, the unit of /proc/PID/stat's times (getconf CLK_TCK: 100 on Linux). */
	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private OpenLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		List<String> runs = new ArrayList<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq < 1) {
				throw new IllegalArgumentException("expected key=value, got " + arg);
			}
			if (arg.startsWith("run=")) {
				runs.add(arg.substring(4));
			}
			else {
				options.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
		}
		String path = options.getOrDefault("path", "/v1/rooms");
		String userAgent = options.getOrDefault("user-agent", "OpenLoad");
		int connections = Integer.parseInt(options.getOrDefault("connections", "256"));
		double warm = Double.parseDouble(options.getOrDefault("warm", "3"));
		double seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
		double timeout = Double.parseDouble(options.getOrDefault("timeout", "5"));
		boolean stopSaturated = Boolean.parseBoolean(options.getOrDefault("stop-saturated", "false"));
		double saturatedP99Ms = Double.parseDouble(options.getOrDefault("saturated-p99-ms", "200"));
		double prewarm = Double.parseDouble(options.getOrDefault("prewarm", "5"));

		boolean epoll = Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		Set<String> saturated = new HashSet<>();
		try {
			for (String spec : runs) {
				String[] parts = spec.split(":");
				String name = parts[0];
				int port = Integer.parseInt(parts[1]);
				double rate = Double.parseDouble(parts[2]);
				if (!(rate > 0)) {
					throw new IllegalArgumentException("a rate must be positive: " + spec);
				}
				String label = parts.length > 3 ? parts[3] : "";
				List<Long> pids = new ArrayList<>();
				if (parts.length > 4 && !parts[4].isEmpty()) {
					for (String pid : parts[4].split("\\+")) {
						pids.add(Long.parseLong(pid));
					}
				}
				if (stopSaturated && saturated.contains(name)) {
					System.err.printf(Locale.ROOT, "skipping %s at %.0f req/s: it saturated at a lower rate%n", name,
							rate);
					continue;
				}
				if (prewarm > 0) {
					// The load generator's own JIT: its first seconds would otherwise be the first run's.
					new Run(group.next(), epoll, port, request(path, port, userAgent), connections, rate, prewarm, 0,
							timeout)
						.start()
						.get();
					prewarm = 0;
				}
				Run run = new Run(group.next(), epoll, port, request(path, port, userAgent), connections, rate, warm,
						seconds, timeout);
				long cpuBefore = cpuTicks(pids);
				long selfBefore = cpuTicks(List.of(ProcessHandle.current().pid()));
				long wallBefore = System.nanoTime();
				Result result = run.start().get();
				long cpuAfter = cpuTicks(pids);
				// The generator's own CPU share of one core: near 100 % it, not the path, sets the pace.
				double selfPercent = (cpuTicks(List.of(ProcessHandle.current().pid())) - selfBefore)
						/ (double) CLOCK_TICKS_PER_SECOND / ((System.nanoTime() - wallBefore) / 1e9) * 100;
				String json = result.json(name, label, pids.isEmpty() ? -1 : cpuAfter - cpuBefore, selfPercent);
				System.out.println("OPENLOOP " + json);
				System.out.flush();
				if (result.achieved() < 0.95 * rate || result.p99Ms() > saturatedP99Ms) {
					saturated.add(name);
				}
			}
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	private static ByteBuf request(String path, int port, String userAgent) {
		String text = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: " + userAgent
				+ "\r\n\r\n";
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII)));
	}

	/** User plus system CPU ticks of these processes so far (the CPU time their recorded phase cost). */
	private static long cpuTicks(List<Long> pids) {
		long ticks = 0;
		for (long pid : pids) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				// Fields after the command (which may hold spaces) start after the last ')'.
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (Exception ex) {
				// A process that went away contributes nothing; the figure says how many were read.
			}
		}
		return ticks;
	}

	/** The figures of one run, taken on the event loop when the run ended. */
	private record Result(double offered, double seconds, long intended, long answered, long allAnswered,
			long okAnswered, double answeringSeconds, long errors, long connectErrors, long timeouts,
			int connectionsUsed, Histogram histogram) {

		/**
		 * The recorded window's good answers over the time they took to arrive (the window, or longer
		 * when the path fell behind and answered late): the offered rate below saturation, the rate
		 * the path kept up above it.
		 */
		double achieved() {
			return this.okAnswered / Math.max(this.seconds, this.answeringSeconds);
		}

		double p99Ms() {
			return this.histogram.getTotalCount() == 0 ? Double.POSITIVE_INFINITY
					: this.histogram.getValueAtPercentile(99) / 1000.0;
		}

		String json(String name, String label, long cpuTicks, double generatorCpuPercent) {
			Histogram h = this.histogram;
			// The CPU time spans the warm phase too: divided by every answer of the run.
			String cpu = cpuTicks < 0 || this.allAnswered == 0 ? "null"
					: String.format(Locale.ROOT, "%.1f", cpuTicks * 1e6 / CLOCK_TICKS_PER_SECOND / this.allAnswered);
			return String.format(Locale.ROOT,
					"{\"target\":\"%s\",\"label\":\"%s\",\"offered_rps\":%.1f,\"achieved_rps\":%.1f,\"seconds\":%.1f,"
							+ "\"count\":%d,\"answered\":%d,\"errors\":%d,\"connect_errors\":%d,\"timeouts\":%d,"
							+ "\"connections\":%d,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
							+ "\"max_ms\":%.3f,\"mean_ms\":%.3f,\"cpu_ticks\":%d,\"cpu_us_per_request\":%s,"
							+ "\"generator_cpu_percent\":%.1f}",
					name, label, this.offered, achieved(), this.seconds, this.intended, this.answered, this.errors,
					this.connectErrors, this.timeouts, this.connectionsUsed, ms(h, 50), ms(h, 90), ms(h, 99),
					ms(h, 99.9), h.getMaxValue() / 1000.0, h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0,
					cpuTicks, cpu, generatorCpuPercent);
		}

		private static double ms(Histogram h, double percentile) {
			return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	/**
	 * One run: its schedule, its connections and its histogram, all touched only on its event loop,
	 * so nothing is shared between threads but the result.
	 */
	private static final class Run {

		private final EventLoop loop;

		private final Bootstrap bootstrap;

		private final ByteBuf request;

		private final int maxConnections;

		private final double rate;

		private final double nanosPerRequest;

		private final long warmRequests;

		private final long totalRequests;

		private final double seconds;

		private final long timeoutNanos;

		private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);

		private final ArrayDeque<Connection> idle = new ArrayDeque<>();

		private final List<Connection> all = new ArrayList<>();

		private final CompletableFuture<Result> done = new CompletableFuture<>();

		private long start;

		private long windowStart;

		private long windowEnd;

		private long next;

		private int open;

		private int connecting;

		private int used;

		private long answered;

		private long okAnswered;

		private long lastAnswer;

		private long allAnswered;

		private long statusErrors;

		private long ioErrors;

		private long connectErrors;

		private long finished;

		private long timerAt = Long.MAX_VALUE;

		private ScheduledFuture<?> timer;

		private boolean over;

		Run(EventLoop loop, boolean epoll, int port, ByteBuf request, int maxConnections, double rate, double warm,
				double seconds, double timeout) {
			this.loop = loop;
			this.request = request;
			this.maxConnections = maxConnections;
			this.rate = rate;
			this.nanosPerRequest = 1e9 / rate;
			this.warmRequests = (long) Math.ceil(warm * rate);
			this.totalRequests = this.warmRequests + (long) Math.ceil(seconds * rate);
			this.seconds = seconds;
			this.timeoutNanos = (long) (timeout * 1e9);
			this.bootstrap = new Bootstrap().group(loop)
				.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
				.remoteAddress("127.0.0.1", port)
				.handler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline().addLast(new HttpResponseDecoder(), new Connection(Run.this));
					}
				});
		}

		CompletableFuture<Result> start() {
			this.loop.execute(() -> {
				this.start = System.nanoTime();
				this.windowStart = intended(this.warmRequests);
				this.windowEnd = this.windowStart + (long) (this.seconds * 1e9);
				this.loop.schedule(this::expire, this.windowEnd - this.start + this.timeoutNanos, TimeUnit.NANOSECONDS);
				pump();
			});
			return this.done;
		}

		private long intended(long index) {
			return this.start + (long) (index * this.nanosPerRequest);
		}

		/** Sends every request that is due on a free connection, opens connections for the rest. */
		void pump() {
			if (this.over) {
				return;
			}
			long now = System.nanoTime();
			long due = Math.min(this.totalRequests, (long) Math.floor((now - this.start) / this.nanosPerRequest) + 1);
			while (this.next < due) {
				Connection connection = this.idle.pollLast();
				if (connection == null) {
					long waiting = due - this.next;
					while (this.open + this.connecting < this.maxConnections && this.connecting < waiting) {
						connect();
					}
					break;
				}
				connection.send(intended(this.next), this.next >= this.warmRequests);
				this.next++;
			}
			if (due < this.totalRequests) {
				long at = intended(due);
				if (at < this.timerAt) {
					if (this.timer != null) {
						this.timer.cancel(false);
					}
					this.timerAt = at;
					this.timer = this.loop.schedule(() -> {
						this.timerAt = Long.MAX_VALUE;
						this.timer = null;
						pump();
					}, Math.max(0, at - now), TimeUnit.NANOSECONDS);
				}
			}
			else if (this.finished == this.totalRequests) {
				end();
			}
		}

		private void connect() {
			this.connecting++;
			this.bootstrap.connect().addListener(future -> {
				this.connecting--;
				if (!future.isSuccess()) {
					this.connectErrors++;
					if (this.open + this.connecting == 0 && !this.over) {
						// Nothing to send on: try again on the next tick rather than spinning.
						this.loop.schedule(this::pump, 10, TimeUnit.MILLISECONDS);
					}
				}
			});
		}

		void opened(Connection connection) {
			this.open++;
			this.used = Math.max(this.used, this.open);
			this.all.add(connection);
			if (this.over) {
				connection.close();
				return;
			}
			this.idle.addLast(connection);
			pump();
		}

		void answered(Connection connection, long intended, boolean recorded, boolean ok) {
			long now = System.nanoTime();
			this.finished++;
			this.allAnswered++;
			if (recorded) {
				this.answered++;
				if (ok) {
					this.okAnswered++;
					this.lastAnswer = now;
					this.histogram.recordValue(Math.max(1, (now - intended) / 1000));
				}
				else {
					this.statusErrors++;
				}
			}
			if (!this.over) {
				this.idle.addLast(connection);
				pump();
			}
		}

		void failed(Connection connection, boolean inFlight, boolean recorded) {
			this.open--;
			this.all.remove(connection);
			this.idle.remove(connection);
			if (inFlight) {
				this.finished++;
				if (recorded) {
					this.ioErrors++;
				}
			}
			if (!this.over) {
				pump();
			}
		}

		/** The deadline: what is still unanswered (sent or waiting) is a timeout. */
		private void expire() {
			if (!this.over) {
				end();
			}
		}

		private void end() {
			this.over = true;
			if (this.timer != null) {
				this.timer.cancel(false);
			}
			long recordedTotal = this.totalRequests - this.warmRequests;
			long timeouts = Math.max(0, recordedTotal - this.answered - this.ioErrors);
			for (Connection connection : new ArrayList<>(this.all)) {
				connection.close();
			}
			double answering = this.okAnswered == 0 ? 0 : (this.lastAnswer - this.windowStart) / 1e9;
			this.done.complete(new Result(this.rate, this.seconds, recordedTotal, this.answered, this.allAnswered,
					this.okAnswered, answering, this.statusErrors + this.ioErrors, this.connectErrors, timeouts,
					this.used, this.histogram));
		}

		ByteBuf request() {
			return this.request;
		}

	}

	/** One keep-alive connection with at most one request in flight. */
	private static final class Connection extends ChannelInboundHandlerAdapter {

		private final Run run;

		private Channel channel;

		private boolean inFlight;

		private long intended;

		private boolean recorded;

		private boolean ok;

		Connection(Run run) {
			this.run = run;
		}

		void send(long intended, boolean recorded) {
			this.inFlight = true;
			this.intended = intended;
			this.recorded = recorded;
			this.ok = false;
			this.channel.writeAndFlush(this.run.request().duplicate(), this.channel.voidPromise());
		}

		void close() {
			if (this.channel != null) {
				this.channel.close();
			}
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			this.channel = ctx.channel();
			this.run.opened(this);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			try {
				if (msg instanceof HttpResponse response) {
					int status = response.status().code();
					this.ok = status >= 200 && status < 300;
				}
				if (msg instanceof LastHttpContent && this.inFlight) {
					this.inFlight = false;
					this.run.answered(this, this.intended, this.recorded, this.ok);
				}
			}
			finally {
				ReferenceCountUtil.release(msg);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			boolean wasInFlight = this.inFlight;
			this.inFlight = false;
			this.run.failed(this, wasInFlight, this.recorded);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
