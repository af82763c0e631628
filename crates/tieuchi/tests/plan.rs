//! Lowering: the compiled plan of small rule sets (snapshots of `fixtures/plan`): slots,
//! evaluation order, nodes, guards split into conditions.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use tieuchi::plan::Step;

#[test]
fn rule_sets_lower_to_their_plan() {
    insta::glob!("fixtures/plan/*.tieuchi", |path| {
        let rules = common::compile_fixture(path);
        insta::assert_yaml_snapshot!(rules.plan());
    });
}

/// Every node a plan refers to exists, and children come before their parents, so that the
/// plan is a tree in evaluation order.
#[test]
fn plan_nodes_refer_only_to_earlier_nodes() {
    for entry in std::fs::read_dir(common::fixture("plan")).unwrap() {
        let rules = common::compile_fixture(&entry.unwrap().path());
        let plan = rules.plan();
        for (i, node) in plan.nodes.iter().enumerate() {
            let i = u32::try_from(i).unwrap();
            // Read through JSON so that new kinds of node need no change here.
            let json = serde_json::to_value(node).unwrap();
            let children: Vec<u64> =
                ["x", "a", "b", "p", "q", "cond", "then", "otherwise", "low", "high", "body", "args"]
                    .iter()
                    .filter_map(|k| json.get(*k))
                    .flat_map(|v| match v {
                        serde_json::Value::Array(items) => items.iter().filter_map(serde_json::Value::as_u64).collect(),
                        other => other.as_u64().into_iter().collect::<Vec<_>>(),
                    })
                    .collect();
            assert!(children.iter().all(|&c| c < u64::from(i)), "node {i} refers forward: {node:?}");
        }
        // A derived slot is written before any step reads it.
        let mut written = vec![false; plan.derived_len as usize];
        for step in &plan.steps {
            let (slot, reads): (u32, Vec<u32>) = match step {
                Step::Sum { slot, children, .. } => (*slot, children.clone()),
                Step::Let { slot, .. } | Step::Assessed { slot, .. } | Step::Computed { slot, .. } => (*slot, vec![]),
            };
            assert!(reads.iter().all(|&r| written[r as usize]), "{step:?} reads a slot not yet computed");
            written[slot as usize] = true;
        }
        assert!(written.iter().all(|w| *w), "a derived slot is never computed");
    }
}
