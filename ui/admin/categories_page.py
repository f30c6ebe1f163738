"""Categories: what the taxonomy defines, read-only, and what an administrator can change about
a category (the policy's overrides, the queues' routing), with where.

Categories are fixed by the shipped taxonomy file (resources/taxonomy.toml, read by
domain/taxonomy.py): case rows, imports' mappings, the remedy policy's overrides and the
priority floors name its slugs, and no service adds, renames or removes one. So this page shows
them and says where each administrable part of a category lives, rather than offering an
editor whose changes nothing would keep."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from resolution_center.domain.policy import PolicySet

from ..labels import priority_label, taxonomy_text
from ..ops import Ops


class CategoriesPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("adminCategories")
        note = QLabel(
            self.tr(
                "Categories come with the program (its taxonomy file): cases, imports and the "
                "remedy policy name them, so they change with a release, not here. What you can "
                "change per category: its authority limits, in the remedy policy's overrides "
                "(the Remedy policy page), and which queue takes its cases (Tools → Escalation "
                "queues…, routing by category)."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("categoriesNote")
        self.tree = QTreeWidget()
        self.tree.setObjectName("categoriesTree")
        self.tree.setHeaderLabels(
            [
                self.tr("Category"),
                self.tr("Slug"),
                self.tr("Priority at least"),
                self.tr("Remedy policy override"),
            ]
        )
        self.codes = QLabel()
        self.codes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.codes)
        self.reload()

    def reload(self) -> None:
        policy = self.ops.run(lambda ctx: ctx.policies.current(), parent=self)
        taxonomy = self.ops.ctx.taxonomy
        self.tree.clear()
        for category in taxonomy.categories:
            floor = priority_label(category.priority_floor) if category.priority_floor else ""
            if category.safety_flag:
                floor = (floor + " · " if floor else "") + self.tr("safety")
            item = QTreeWidgetItem(
                [
                    taxonomy_text(category.label),
                    category.slug,
                    floor,
                    self._override(policy, category.slug),
                ]
            )
            for slug, label in category.subcategories:
                scope = f"{category.slug}/{slug}"
                item.addChild(
                    QTreeWidgetItem(
                        [taxonomy_text(label), scope, "", self._override(policy, scope)]
                    )
                )
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        self.codes.setText(
            self.tr("Resolution codes: {codes}").format(
                codes=", ".join(taxonomy_text(label) for _slug, label in taxonomy.resolution_codes)
            )
        )

    def _override(self, policy: PolicySet | None, scope: str) -> str:
        if policy is None or scope not in policy.overrides:
            return ""
        override = policy.overrides[scope]
        parts = []
        if override.multiplier_percent != 100:
            parts.append(self.tr("limits × {percent}%").format(percent=override.multiplier_percent))
        if override.limits or override.percents:
            parts.append(
                self.tr("{count} limits replaced").format(
                    count=len(override.limits) + len(override.percents)
                )
            )
        return self.tr("v{version}: {what}").format(
            version=policy.version, what=", ".join(parts) or self.tr("as the base")
        )
