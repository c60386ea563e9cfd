// `ahenk session ...`: create, list, inspect, compare, share and tidy experiment sessions.
//   new | list | show | runs | metrics | compare | note | export | import | gc
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "ahenk/session/archive.h"
#include "ahenk/session/curves.h"
#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "commands.h"
#include "plot_png.h"
#include "terminal_progress.h"

namespace ahenk::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string local_time(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string format_value(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

Json run_json(const session::RunInfo& r) {
  Json j = {{"id", r.id},           {"kind", r.kind},
            {"name", r.name},       {"status", session::to_string(r.status)},
            {"created", r.created}, {"updated", r.updated},
            {"command", r.command}, {"work_dir", r.work_dir},
            {"config", r.config},   {"outputs", r.outputs}};
  j["last_step"] = r.last_step ? Json(*r.last_step) : Json(nullptr);
  j["parent"] = r.parent ? Json(*r.parent) : Json(nullptr);
  return j;
}

void print_runs(const std::vector<session::RunInfo>& runs) {
  // Columns as wide as their longest entry (names up to 32 characters, then cut with "~").
  int kind_width = 4, name_width = 4;
  auto shown_name = [](const std::string& name) {
    return name.size() > 32 ? name.substr(0, 31) + "~" : name;
  };
  for (const auto& r : runs) {
    kind_width = std::max(kind_width, static_cast<int>(r.kind.size()));
    name_width = std::max(name_width, static_cast<int>(shown_name(r.name).size()));
  }
  std::printf("%4s  %-11s  %-*s  %-*s  %8s  %-16s  %s\n", "id", "status", kind_width, "kind",
              name_width, "name", "step", "started", "outcome");
  for (const auto& r : runs) {
    std::printf("%4lld  %-11s  %-*s  %-*s  %8s  %-16s  %s\n", static_cast<long long>(r.id),
                session::to_string(r.status).c_str(), kind_width, r.kind.c_str(), name_width,
                shown_name(r.name).c_str(),
                r.last_step ? std::to_string(*r.last_step).c_str() : "-",
                local_time(r.created).c_str(), session::run_outcome(r).c_str());
  }
}

// The value of a curve at `step`: its last point at or before it (NaN before the first).
double value_at(const session::Curve& c, const std::vector<double>& values, double step) {
  auto after = std::upper_bound(
      c.points.begin(), c.points.end(), step,
      [](double s, const session::CurvePoint& p) { return s < static_cast<double>(p.step_first); });
  return after == c.points.begin() ? NAN : values[std::size_t(after - c.points.begin()) - 1];
}

}  // namespace

void add_session_command(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand(
      "session", "Experiment sessions: every run kept in one SQLite file, to compare and share");
  cmd->require_subcommand(1);
  cmd->footer(
      "Every verb that produces results records itself in a session: --session FILE, or "
      "the default $XDG_DATA_HOME/ahenk/default.ahenk (--no-session to skip).");

  // new
  {
    struct O {
      std::string file, name, description;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("new", "Create an empty session file");
    c->add_option("FILE", o->file, "Session file to create (e.g. lab.ahenk)")->required();
    c->add_option("--name", o->name, "A name shown in lists");
    c->add_option("--description", o->description, "What the session is for");
    run_on_select(c, run, [o] {
      if (fs::exists(o->file))
        throw std::runtime_error(o->file + ": already exists (nothing was changed)");
      session::SessionWriter w(o->file);
      w.set_meta("name", o->name.empty() ? fs::path(o->file).stem().string() : o->name);
      if (!o->description.empty()) w.set_meta("description", o->description);
      w.flush();
      std::printf("created %s\n", o->file.c_str());
      return 0;
    });
  }
  // list
  {
    auto folder = std::make_shared<std::string>();
    auto* c = cmd->add_subcommand("list", "List the session files in a folder");
    c->add_option("FOLDER", *folder, "Folder (default: $XDG_DATA_HOME/ahenk)");
    run_on_select(c, run, [folder] {
      fs::path dir =
          folder->empty() ? session::default_session_path().parent_path() : fs::path(*folder);
      if (!fs::is_directory(dir)) throw std::runtime_error(dir.string() + ": no such folder");
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".ahenk") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      if (files.empty()) std::printf("no sessions in %s\n", dir.c_str());
      for (const auto& f : files) {
        try {
          session::Session s(f);
          auto runs = s.runs();
          double updated = 0;
          for (const auto& r : runs) updated = std::max(updated, r.updated);
          std::printf("%-40s %4zu runs  %9s  %s\n", f.string().c_str(), runs.size(),
                      app::human_bytes(double(fs::file_size(f))).c_str(),
                      updated > 0 ? ("last run " + local_time(updated)).c_str() : "empty");
        } catch (const std::exception& e) {
          std::printf("%-40s unreadable: %s\n", f.string().c_str(), e.what());
        }
      }
      return 0;
    });
  }
  // show
  {
    struct O {
      std::string file;
      bool json = false, check = false;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("show", "Summarise a session: runs, inputs, artifacts, notes");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_flag("--json", o->json, "Print JSON");
    c->add_flag("--check", o->check, "Also run SQLite's integrity check");
    run_on_select(c, run, [o] {
      session::Session s(o->file);
      auto runs = s.runs();
      auto artifacts = s.artifacts();
      std::set<std::string> unique;
      std::int64_t inline_bytes = 0, file_bytes = 0;
      for (const auto& a : artifacts)
        if (unique.insert(a.sha256).second) (a.stored_inline ? inline_bytes : file_bytes) += a.size;
      auto inputs = s.inputs();
      auto notes = s.notes();
      std::map<std::string, int> by_status;
      for (const auto& r : runs) ++by_status[session::to_string(r.status)];
      if (o->json) {
        Json j = {{"file", o->file}, {"meta", s.meta()}};
        j["runs"] = Json::array();
        for (const auto& r : runs) j["runs"].push_back(run_json(r));
        j["inputs"] = inputs.size();
        j["artifacts"] = {
            {"count", unique.size()}, {"inline_bytes", inline_bytes}, {"file_bytes", file_bytes}};
        j["notes"] = Json::array();
        for (const auto& n : notes)
          j["notes"].push_back({{"time", n.time},
                                {"run", n.run_id ? Json(*n.run_id) : Json(nullptr)},
                                {"text", n.text}});
        if (o->check) j["integrity"] = s.integrity_check();
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
      }
      auto meta = s.meta();
      std::printf("session   %s (%s)\n", o->file.c_str(),
                  meta.value("name", fs::path(o->file).stem().string()).c_str());
      if (meta.contains("description"))
        std::printf("about     %s\n", meta["description"].get<std::string>().c_str());
      std::printf("schema    %d, created by Ahenk %s\n", s.schema_version(),
                  meta.value("ahenk_version", "?").c_str());
      std::string statuses;
      for (const auto& [k, v] : by_status)
        statuses += (statuses.empty() ? "" : ", ") + std::to_string(v) + " " + k;
      std::printf("runs      %zu%s\n", runs.size(),
                  statuses.empty() ? "" : (" (" + statuses + ")").c_str());
      std::printf("inputs    %zu files\n", inputs.size());
      std::printf("artifacts %zu (%s inside the file, %s in %s)\n", unique.size(),
                  app::human_bytes(double(inline_bytes)).c_str(),
                  app::human_bytes(double(file_bytes)).c_str(), session::data_dir(o->file).c_str());
      if (o->check) std::printf("integrity %s\n", s.integrity_check().c_str());
      if (!runs.empty()) {
        std::printf("\n");
        print_runs(runs);
      }
      if (!notes.empty()) std::printf("\nnotes\n");
      for (const auto& n : notes)
        std::printf("  %s%s  %s\n", local_time(n.time).c_str(),
                    n.run_id ? (" (run " + std::to_string(*n.run_id) + ")").c_str() : "",
                    n.text.c_str());
      return 0;
    });
  }
  // runs
  {
    struct O {
      std::string file;
      bool json = false;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("runs", "List a session's runs with their status and outcome");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_flag("--json", o->json, "Print JSON (configs, outputs, commands)");
    run_on_select(c, run, [o] {
      session::Session s(o->file);
      auto runs = s.runs();
      if (o->json) {
        Json j = Json::array();
        for (const auto& r : runs) {
          Json rj = run_json(r);
          rj["events"] = Json::array();
          for (const auto& e : s.events(r.id))
            rj["events"].push_back({{"time", e.time},
                                    {"kind", e.kind},
                                    {"step", e.step ? Json(*e.step) : Json(nullptr)},
                                    {"message", e.message}});
          j.push_back(rj);
        }
        std::printf("%s\n", j.dump(2).c_str());
      } else if (runs.empty()) {
        std::printf("no runs yet in %s\n", o->file.c_str());
      } else {
        print_runs(runs);
      }
      return 0;
    });
  }
  // metrics
  {
    struct O {
      std::string file, name;
      std::int64_t run = 0;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand(
        "metrics", "A run's metrics: the list, or one metric's rows as CSV (step,value,wall)");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_option("RUN", o->run, "Run id")->required();
    c->add_option("NAME", o->name, "Metric (omit to list them)");
    run_on_select(c, run, [o] {
      session::Session s(o->file);
      s.run(o->run);  // a clear error for an unknown run
      if (o->name.empty()) {
        std::printf("%-22s %9s %10s %10s %10s %10s\n", "metric", "rows", "last step", "min", "max",
                    "last");
        for (const auto& m : s.series(o->run))
          std::printf("%-22s %9lld %10lld %10s %10s %10s\n", m.name.c_str(),
                      static_cast<long long>(m.count), static_cast<long long>(m.step_max),
                      format_value(m.value_min).c_str(), format_value(m.value_max).c_str(),
                      format_value(m.last_value).c_str());
        return 0;
      }
      auto rows = s.metrics(o->run, o->name);
      if (rows.empty())
        throw std::runtime_error("run " + std::to_string(o->run) + " has no metric \"" + o->name +
                                 "\" (list them with 'ahenk session metrics FILE RUN')");
      std::printf("step,value,wall\n");
      for (const auto& r : rows)
        std::printf("%lld,%.9g,%.3f\n", static_cast<long long>(r.step), r.value, r.wall);
      return 0;
    });
  }
  // compare
  {
    struct O {
      std::string file, plot;
      std::vector<std::int64_t> runs;
      std::vector<std::string> metrics;
      int points = 10;
      double smoothing = 0;
      bool json = false, log = false;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand(
        "compare", "Overlay runs' metrics: a table at aligned steps, optionally a PNG plot");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_option("RUN", o->runs, "Run ids")->required();
    c->add_option("-m,--metric", o->metrics,
                  "Metrics to compare (repeatable; default: val_bpb, val_loss and loss where "
                  "the runs have them)");
    c->add_option("--points", o->points, "Rows of the table (steps evenly spaced)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    c->add_option("--smoothing", o->smoothing,
                  "Debiased EMA per step, 0 to 0.9999 (0: raw values); the same at any logging "
                  "interval")
        ->check(CLI::Range(0.0, 0.9999))
        ->capture_default_str();
    c->add_option("--plot", o->plot, "Also draw the curves into this PNG file");
    c->add_flag("--log", o->log, "Logarithmic value axis in the plot");
    c->add_flag("--json", o->json, "Print JSON");
    run_on_select(c, run, [o] {
      session::Session s(o->file);
      std::vector<session::RunInfo> runs;
      for (auto id : o->runs) runs.push_back(s.run(id));
      std::vector<std::string> metrics = o->metrics;
      if (metrics.empty()) {
        std::map<std::string, std::size_t> seen;
        for (const auto& r : runs)
          for (const auto& m : s.series(r.id)) ++seen[m.name];
        for (const char* preferred : {"val_bpb", "val_loss", "loss"})
          if (seen.count(preferred) && seen[preferred] == runs.size()) metrics.push_back(preferred);
        if (metrics.empty())
          for (const auto& [name, count] : seen)
            if (count == runs.size()) metrics.push_back(name);
        if (metrics.empty())
          throw std::runtime_error("these runs share no metric; name one with --metric");
      }
      Json out = {{"file", o->file}, {"smoothing", o->smoothing}, {"metrics", Json::array()}};
      std::vector<PlotPanel> panels;
      for (const auto& name : metrics) {
        std::vector<session::Curve> curves;
        std::vector<std::vector<double>> values;
        double lo = INFINITY, hi = -INFINITY;
        for (const auto& r : runs) {
          curves.push_back(s.curve(r.id, name, 4000));
          values.push_back(session::ema(curves.back(), o->smoothing));
          if (!curves.back().points.empty()) {
            lo = std::min(lo, double(curves.back().points.front().step_first));
            hi = std::max(hi, double(curves.back().points.back().step_last));
          }
        }
        if (!std::isfinite(lo))
          throw std::runtime_error("none of these runs has the metric \"" + name + "\"");
        std::vector<double> steps;
        for (int i = 0; i < o->points; ++i)
          steps.push_back(std::round(o->points == 1 ? hi : lo + (hi - lo) * i / (o->points - 1)));
        steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
        Json mj = {{"metric", name}, {"steps", steps}, {"runs", Json::array()}};
        PlotPanel panel;
        panel.title = name + (o->smoothing > 0 ? " (EMA " + format_value(o->smoothing) + ")" : "");
        panel.log_y = o->log;
        for (std::size_t k = 0; k < runs.size(); ++k) {
          Json rj = {{"run", runs[k].id}, {"name", runs[k].name}, {"values", Json::array()}};
          for (double st : steps) {
            double v = value_at(curves[k], values[k], st);
            rj["values"].push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
          }
          double best = INFINITY, best_step = 0;
          for (const auto& p : curves[k].points)
            if (p.min < best) best = p.min, best_step = double(p.step_at_min);
          if (!curves[k].points.empty()) {
            rj["last"] = curves[k].points.back().last;
            rj["last_step"] = curves[k].points.back().step_last;
            rj["min"] = best;
            rj["min_step"] = best_step;
          }
          mj["runs"].push_back(rj);
          PlotSeries ps;
          ps.label = std::to_string(runs[k].id) + " " + runs[k].name;
          auto line = session::extremes_polyline(curves[k]);
          if (o->smoothing > 0) {
            for (std::size_t i = 0; i < curves[k].points.size(); ++i) {
              ps.x.push_back(curves[k].points[i].step);
              ps.y.push_back(values[k][i]);
            }
          } else {
            ps.x = line.step;
            ps.y = line.value;
          }
          panel.series.push_back(std::move(ps));
        }
        panels.push_back(std::move(panel));
        out["metrics"].push_back(mj);
      }
      if (!o->plot.empty()) {
        write_plot_png(panels, o->plot);
        out["plot"] = o->plot;
      }
      if (o->json) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
      }
      for (const auto& mj : out["metrics"]) {
        std::printf("%s%s\n", mj["metric"].get<std::string>().c_str(),
                    o->smoothing > 0 ? (" (EMA " + format_value(o->smoothing) + ")").c_str() : "");
        std::printf("%10s", "step");
        for (const auto& r : mj["runs"]) {
          std::string label =
              std::to_string(r["run"].get<std::int64_t>()) + " " + r["name"].get<std::string>();
          if (label.size() > 16) label = label.substr(0, 15) + "~";
          std::printf("  %16s", label.c_str());
        }
        std::printf("\n");
        const auto& steps = mj["steps"];
        for (std::size_t i = 0; i < steps.size(); ++i) {
          std::printf("%10.0f", steps[i].get<double>());
          for (const auto& r : mj["runs"])
            std::printf("  %16s", r["values"][i].is_number()
                                      ? format_value(r["values"][i].get<double>()).c_str()
                                      : "-");
          std::printf("\n");
        }
        for (const char* row : {"last", "min"}) {
          std::printf("%10s", row);
          for (const auto& r : mj["runs"]) {
            std::string cell = r.contains(row)
                                   ? format_value(r[row].get<double>()) + " @" +
                                         format_value(r[std::string(row) + "_step"].get<double>())
                                   : "-";
            std::printf("  %16s", cell.c_str());
          }
          std::printf("\n");
        }
        std::printf("\n");
      }
      if (!o->plot.empty()) std::printf("plot: %s\n", o->plot.c_str());
      return 0;
    });
  }
  // note
  {
    struct O {
      std::string file, text;
      std::int64_t run = 0;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("note", "Add a note to a session (or to one of its runs)");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_option("TEXT", o->text, "The note")->required();
    c->add_option("--run", o->run, "The run it is about");
    run_on_select(c, run, [o] {
      {
        session::Session check(o->file);
        if (o->run > 0) check.run(o->run);
      }
      session::SessionWriter w(o->file);
      w.note(o->run > 0 ? std::optional<std::int64_t>(o->run) : std::nullopt, o->text);
      w.flush();
      return 0;
    });
  }
  // rename
  {
    struct O {
      std::string file, name;
      std::int64_t run = 0;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("rename", "Give a run a new name");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_option("RUN", o->run, "The run's id")->required();
    c->add_option("NAME", o->name, "Its new name")->required();
    run_on_select(c, run, [o] {
      session::Session(o->file).run(o->run);  // refuses an unknown run
      session::SessionWriter w(o->file);
      w.rename_run(o->run, o->name);
      w.flush();
      return 0;
    });
  }
  // export / import
  {
    struct O {
      std::string file, archive;
      bool quiet = false;
    };
    auto e = std::make_shared<O>();
    auto* c = cmd->add_subcommand(
        "export", "Write a session and its artifacts into one archive (.tar.zst) to share");
    c->add_option("FILE", e->file, "Session file")->required();
    c->add_option("ARCHIVE", e->archive, "Archive to write (e.g. lab.tar.zst)")->required();
    c->add_flag("-q,--quiet", e->quiet, "No progress on stderr");
    run_on_select(c, run, [e] {
      app::TerminalProgress progress(e->quiet);
      auto r = session::export_session(e->file, e->archive, &progress, &interrupt_token());
      std::printf("exported %s: %lld files, %s, into %s (%s)\n", e->file.c_str(),
                  static_cast<long long>(r.files), app::human_bytes(double(r.bytes)).c_str(),
                  e->archive.c_str(), app::human_bytes(double(fs::file_size(e->archive))).c_str());
      return 0;
    });
    auto i = std::make_shared<O>();
    auto* ci = cmd->add_subcommand("import",
                                   "Unpack a session archive, checking every file's SHA-256 first");
    ci->add_option("ARCHIVE", i->archive, "Archive from 'ahenk session export'")->required();
    ci->add_option("FILE", i->file, "Session file to create (must not exist)")->required();
    ci->add_flag("-q,--quiet", i->quiet, "No progress on stderr");
    run_on_select(ci, run, [i] {
      app::TerminalProgress progress(i->quiet);
      auto r = session::import_session(i->archive, i->file, &progress, &interrupt_token());
      session::Session s(i->file);
      std::printf("imported %s: %zu runs, %lld files checked (%s)\n", i->file.c_str(),
                  s.runs().size(), static_cast<long long>(r.files),
                  app::human_bytes(double(r.bytes)).c_str());
      return 0;
    });
  }
  // gc
  {
    struct O {
      std::string file;
      bool dry_run = false;
      double grace = 3600;
    };
    auto o = std::make_shared<O>();
    auto* c = cmd->add_subcommand("gc", "Remove artifacts that no run references any more");
    c->add_option("FILE", o->file, "Session file")->required();
    c->add_flag("--dry-run", o->dry_run, "Only report what would be removed");
    c->add_option("--grace", o->grace,
                  "Keep files younger than this many seconds (another process may be storing "
                  "them)")
        ->capture_default_str();
    run_on_select(c, run, [o] {
      auto r = session::collect_garbage(o->file, o->grace, o->dry_run);
      std::printf("%s %lld unreferenced artifact rows and %lld files (%s); kept %lld files\n",
                  o->dry_run ? "would remove" : "removed", static_cast<long long>(r.removed_rows),
                  static_cast<long long>(r.removed_files),
                  app::human_bytes(double(r.removed_bytes)).c_str(),
                  static_cast<long long>(r.kept_files));
      for (const auto& sha : r.missing)
        std::printf("missing: %s (referenced, but its file is gone)\n", sha.c_str());
      return r.missing.empty() ? 0 : 1;
    });
  }
}

}  // namespace ahenk::cli
