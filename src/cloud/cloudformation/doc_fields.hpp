// Lists in the stored CloudFormation documents (stacks, change sets): a list of strings,
// and a list of key/value pairs stored as two-element arrays. One reader and one writer
// each, so that every record kind stores them alike.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/node.hpp"

namespace jg::cloud::cloudformation {

Node strings_node(const std::vector<std::string>& v);
std::vector<std::string> strings_of(const Node& doc, std::string_view key);
Node pairs_node(const std::vector<std::pair<std::string, std::string>>& v);
std::vector<std::pair<std::string, std::string>> pairs_of(const Node& doc, std::string_view key);

}  // namespace jg::cloud::cloudformation
