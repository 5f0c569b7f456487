#pragma once

#include "src/record/recorder.hpp"
#include "src/run/endpoints.hpp"

namespace hammer::run {

/// Journals, as a "state" event with state-id "identity" (operational-data:
/// "backend" and operations::to_json of the DeviceIdentity), the device of
/// each backend of `touched` that knows it and whose identity is not
/// journaled yet. One that cannot be read is journaled with "error" and not
/// asked again; a backend that has not met the device yet (nullopt) is asked
/// on the next call. Only the thread of the endpoint's pair calls it.
void record_identities(TouchedEndpoint& touched, record::Recorder& recorder);

} // namespace hammer::run
