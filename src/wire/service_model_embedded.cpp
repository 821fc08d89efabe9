// The service models built into the binary: each is zlib-compressed JSON made at build time
// by tools/gen_service_models.mjs from the sources pinned in src/wire/service_models.pins,
// placed in read-only data with the assembler's .incbin. Nothing is read from disk.
#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <map>
#include <mutex>

#include "core/hash.hpp"
#include "policy/embedded_blob.hpp"
#include "wire/service_model.hpp"

// The generated table: JG_MODELS_AWS_SDK_VERSION, JG_MODELS_BOTOCORE_VERSION and
// JG_SERVICE_MODELS(X); JG_SERVICE_MODELS_DIR is the folder of the .json.z files.
#include "service_models.inc"

#define JG_EMBED_MODEL(id, service, version, size, sha, sdk_sha, boto_sha, ops) \
    JG_EMBED_BLOB(jg_model_##id, JG_SERVICE_MODELS_DIR "/" service ".json.z");
JG_SERVICE_MODELS(JG_EMBED_MODEL)
#undef JG_EMBED_MODEL

namespace jg::wire {
namespace {

struct Blob {
    const char* begin;
    const char* end;
};

const std::map<std::string_view, Blob>& blobs() {
#define JG_MODEL_BLOB(id, service, version, size, sha, sdk_sha, boto_sha, ops) \
    {service, Blob{jg_model_##id##_begin, jg_model_##id##_end}},
    static const std::map<std::string_view, Blob> k_blobs = {JG_SERVICE_MODELS(JG_MODEL_BLOB)};
#undef JG_MODEL_BLOB
    return k_blobs;
}

const EmbeddedModelInfo* find_info(std::string_view service) {
    for (const auto& info : embedded_service_models())
        if (info.service == service) return &info;
    return nullptr;
}

}  // namespace

const std::vector<EmbeddedModelInfo>& embedded_service_models() {
#define JG_MODEL_INFO(id, service, version, size, sha, sdk_sha, boto_sha, ops) \
    EmbeddedModelInfo{service, version, size, sha, sdk_sha, boto_sha, ops},
    static const std::vector<EmbeddedModelInfo> k_models = {JG_SERVICE_MODELS(JG_MODEL_INFO)};
#undef JG_MODEL_INFO
    return k_models;
}

std::string_view embedded_models_aws_sdk_version() { return JG_MODELS_AWS_SDK_VERSION; }
std::string_view embedded_models_botocore_version() { return JG_MODELS_BOTOCORE_VERSION; }

Result<ServiceModel> ServiceModel::load_embedded(std::string_view service) {
    const EmbeddedModelInfo* info = find_info(service);
    if (!info)
        return fail("UnknownService",
                    fmt::format("jumpgate has no model of the service '{}' (it has iam, sts, cloudformation, s3)", service));
    const Blob& blob = blobs().at(info->service);
    std::string json(info->json_size, '\0');
    uLongf length = static_cast<uLongf>(json.size());
    int rc = uncompress(reinterpret_cast<Bytef*>(json.data()), &length, reinterpret_cast<const Bytef*>(blob.begin),
                        static_cast<uLong>(blob.end - blob.begin));
    // A model that does not inflate to what the build recorded is a build defect, not input.
    if (rc != Z_OK || length != json.size() || sha256_hex(json) != info->sha256)
        return fail("InvalidServiceModel",
                    fmt::format("the embedded model of {} is damaged (zlib {}, {} of {} bytes)", service, rc, length,
                                json.size()));
    return parse(json, fmt::format("embedded {}-{}", info->service, info->api_version));
}

Result<const ServiceModel*> ServiceModel::embedded(std::string_view service) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<ServiceModel>, std::less<>> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(service); it != cache.end()) return it->second.get();
    auto model = load_embedded(service);
    if (!model) return tl::unexpected(model.error());
    auto [it, _] = cache.emplace(std::string(service), std::make_unique<ServiceModel>(std::move(*model)));
    return it->second.get();
}

}  // namespace jg::wire
