"""Rendered map images, by the state they show."""

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storage.models import MapImage
from storage.repositories import TeamScoped

KEPT_PER_MAP = 10


class MapImages(TeamScoped):
    def get(self, map_id: int, state_key: str) -> bytes | None:
        query = select(MapImage.data).where(
            MapImage.team_id == self.team_id, MapImage.map_id == map_id, MapImage.state_key == state_key
        )
        return self.session.scalar(query)

    def keep(self, map_id: int, state_key: str, data: bytes) -> None:
        """Store an image (another request may have stored the same one first), keeping the newest few."""
        try:
            with self.session.begin_nested():
                self.session.add(
                    MapImage(team_id=self.team_id, map_id=map_id, state_key=state_key, data=data)
                )
        except IntegrityError:
            return
        newest = (
            select(MapImage.id)
            .where(MapImage.team_id == self.team_id, MapImage.map_id == map_id)
            .order_by(MapImage.id.desc())
            .limit(KEPT_PER_MAP)
        )
        self.session.execute(
            delete(MapImage).where(
                MapImage.team_id == self.team_id, MapImage.map_id == map_id, MapImage.id.not_in(newest)
            )
        )
