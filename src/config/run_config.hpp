#pragma once

#include "patterns/shape.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::config {

/// Pair-exclusive: every pair runs its own schedule on its own thread.
/// Pair-inclusive: each operation runs on all pairs at once, on one timeline.
enum class Mode { pair_exclusive, pair_inclusive };

/// The order of the operation map within each loop.
enum class Order { defined, random };

/// How pairs get the worker lcores that run their traffic.
/// Dedicated: each pair gets workers / pairs lcores of its own, pinned.
/// Shared: every job goes to the lcores serving the fewest jobs.
enum class Placement { dedicated, shared };

[[nodiscard]] std::string_view to_string(Mode mode) noexcept;
[[nodiscard]] std::string_view to_string(Order order) noexcept;
[[nodiscard]] std::string_view to_string(Placement placement) noexcept;

/// One entry of the operation map. The same operation may appear several
/// times with different parameters; `id` tells the entries apart.
struct OperationEntry {
    std::string id;        ///< unique in the map; defaults to the name, then name#2, name#3 ...
    std::string name;      ///< an operation of the catalog
    nlohmann::json params; ///< every parameter of the operation, defaults filled in
    std::string pointer;   ///< where the entry is in the config file
};

struct RecoveryPolicy {
    std::chrono::milliseconds up_timeout{20'000}; ///< carrier must be back within this
    unsigned retries = 3;                        ///< re-initialisation attempts per failure
    std::chrono::milliseconds backoff{1'000};    ///< wait before the first retry, doubled each time
};

struct OutputOptions {
    std::string directory = "results"; ///< each run gets a directory below it
    bool junit = true;
    bool html = true;
};

/// The worker lcores that run traffic and how pairs share them.
struct LcoreOptions {
    unsigned count = 1;                  ///< worker lcores; cpus.size() when cpus is given
    std::vector<unsigned> cpus;          ///< the CPU of each worker lcore, in order; empty: hammer chooses
    std::optional<Placement> placement;  ///< absent: dedicated when every pair can have an lcore, else shared
};

/// Traffic every pair with DPDK ports on both ends carries while its control
/// operations run (background_traffic), so that each change they make gets
/// an outage figure.
struct BackgroundTraffic {
    std::uint64_t rate_pps = 10'000; ///< per direction
    std::uint16_t frame_size = 64;   ///< Ethernet frame without FCS
    std::uint32_t flows = 0;         ///< per direction; 0: enough to reach every RX queue
};

struct RunConfig {
    std::string file;
    std::chrono::milliseconds duration{};
    std::optional<std::uint64_t> seed; ///< absent: drawn at start and recorded
    Mode mode = Mode::pair_exclusive;
    Order order = Order::defined;
    std::vector<patterns::Shape> patterns{patterns::Shape::sine};
    std::chrono::milliseconds minimum_slot{1'000};
    std::chrono::milliseconds target_slot{10'000}; ///< slot length loops are counted by
    unsigned max_pair_threads = 0;                 ///< 0: one thread per pair
    std::vector<OperationEntry> operations;
    RecoveryPolicy recovery;
    std::vector<std::string> eal_args;
    LcoreOptions lcores;
    std::uint16_t queues = 1; ///< RX and TX queues per DPDK port, each owned by one lcore
    OutputOptions output;
    bool allow_default_route_iface = false;
    std::optional<BackgroundTraffic> background_traffic;
    nlohmann::json document; ///< the config as read, kept whole in the run's journal
};

/// Longest run accepted: 30 days. Longer is almost certainly a unit mistake.
inline constexpr std::chrono::milliseconds max_duration{30LL * 24 * 3600 * 1000};

/// Limits of the lcore and queue members: a CPU id is below CPU_SETSIZE
/// (the largest affinity mask glibc's cpu_set_t holds), and so is a count.
inline constexpr unsigned max_cpu_id = 1023;
inline constexpr unsigned max_lcores = 1024;
inline constexpr unsigned max_queues = 64;

/// Reads and validates a run config. Throws InputError listing every problem,
/// each with the file and the JSON pointer of the bad value. Unknown members are errors.
[[nodiscard]] RunConfig load_run_config(const std::string& path);
[[nodiscard]] RunConfig load_run_config(const nlohmann::json& document, const std::string& file);

/// Sets one member of `config` from outside its file (a command-line flag that
/// overrides it), checked exactly as the loader checks it: "lcores",
/// "placement" or "queues". Throws InputError naming `source` (the flag) when
/// the value is bad; leaves `config` unchanged then.
void override_member(RunConfig& config, std::string_view member, const nlohmann::json& value,
                     const std::string& source);

/// Parses a CPU list in the kernel's cpulist form (cpuset(7)): CPU ids and
/// inclusive ranges, comma separated, such as "2-5,8". The CPUs come in the
/// order written. On a bad list returns nothing and says why in `problem`.
[[nodiscard]] std::optional<std::vector<unsigned>> parse_cpu_list(std::string_view text, std::string& problem);

/// Parses a duration: a number of seconds (fractions allowed, kept to the
/// millisecond) or a string such as "90s", "15m", "2h", "1h30m", "250ms".
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(const nlohmann::json& value);

} // namespace hammer::config
