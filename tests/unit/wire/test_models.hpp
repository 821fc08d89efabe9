// Service models shared by the wire tests: the embedded ones, loaded once, and a
// small hand-written model with what IAM, STS and CloudFormation lack (flattened lists,
// locationNames, timestamps, blobs, recursion).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "wire/service_model.hpp"

namespace jg::wire::testing_models {

inline const ServiceModel& installed(const std::string& service) {
    auto loaded = ServiceModel::embedded(service);
    if (!loaded) ADD_FAILURE() << loaded.error().message;
    return **loaded;
}

inline constexpr const char* k_mini_model = R"({
  "metadata": {"apiVersion": "2020-01-01", "protocol": "query", "xmlNamespace": "urn:jumpgate:test"},
  "operations": {
    "Op": {"name": "Op", "input": {"shape": "Thing"}, "output": {"shape": "Thing", "resultWrapper": "OpResult"}},
    "NoOutput": {"name": "NoOutput", "input": {"shape": "Thing"}}
  },
  "shapes": {
    "Thing": {"type": "structure", "members": {
      "When": {"shape": "Time"}, "Data": {"shape": "Bytes"}, "Big": {"shape": "Long"},
      "Ratio": {"shape": "Ratio"}, "Flat": {"shape": "FlatList"},
      "Named": {"shape": "NamedList", "locationName": "Renamed"}, "Attrs": {"shape": "NamedMap"},
      "Few": {"shape": "FewList"}, "Nested": {"shape": "Thing"}}},
    "Time": {"type": "timestamp"},
    "Bytes": {"type": "blob", "max": 4},
    "Long": {"type": "long"},
    "Ratio": {"type": "double", "min": 0},
    "FlatList": {"type": "list", "member": {"shape": "Str", "locationName": "Item"}, "flattened": true},
    "NamedList": {"type": "list", "member": {"shape": "Str", "locationName": "Entry"}},
    "NamedMap": {"type": "map", "key": {"shape": "Key", "locationName": "Name"},
                 "value": {"shape": "Str", "locationName": "Val"}, "max": 2},
    "FewList": {"type": "list", "member": {"shape": "Str"}, "min": 1, "max": 2},
    "Key": {"type": "string", "max": 3},
    "Str": {"type": "string"}
  }
})";

inline const ServiceModel& mini() {
    static std::unique_ptr<ServiceModel> model;
    if (!model) {
        auto parsed = ServiceModel::parse(k_mini_model, "mini.json");
        if (!parsed) ADD_FAILURE() << parsed.error().message;
        model = std::make_unique<ServiceModel>(std::move(*parsed));
    }
    return *model;
}

}  // namespace jg::wire::testing_models
