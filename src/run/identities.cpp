#include "src/run/identities.hpp"

namespace hammer::run {

void record_identities(TouchedEndpoint& touched, record::Recorder& recorder)
{
    for (auto& snapshot : touched.snapshots) {
        if (snapshot.identified) {
            continue;
        }
        nlohmann::json data;
        try {
            const auto identity = snapshot.backend->identity(touched.endpoint);
            if (!identity) {
                continue;
            }
            data = operations::to_json(*identity);
        } catch (const std::exception& error) {
            // Who the device is matters to the reader, not to the run.
            data = {{"error", error.what()}};
        }
        data["backend"] = snapshot.backend->name();
        recorder.state(touched.id(), "identity", data);
        snapshot.identified = true;
    }
}

} // namespace hammer::run
